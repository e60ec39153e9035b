#pragma once
// Membrane noise: a white-noise current of amplitude sigma, sigma dW added to dv, simulated
// as Stein's (1965) shot noise, which the exact event-driven models integrate exactly: every
// neuron receives kicks of +a and -a on its potential, each sign a Poisson process of rate
// nu / 2, with a = sigma / sqrt(nu). The kicks add nothing on average and a variance of
// nu a^2 = sigma^2 per ms, as the white noise does; higher cumulants vanish as nu grows
// (the diffusion limit). Between kicks the potential follows the model's closed form, so a
// spike time is the exact first crossing of this piecewise-deterministic path: always well
// defined, unlike a sample path of true white noise, which recrosses its threshold
// infinitely often at once. Against the diffusion, a first passage differs by the overshoot
// of the last kick, less than a (tests/test_membrane_noise.cpp measures it against the
// inverse Gaussian law of a non-leaky neuron's first passage).
// Kicks are drive events (sim/poisson_drive.hpp): drawn per neuron from its own keyed
// stream, identical for any thread count and in both loops.
#include <string_view>

namespace spikesim {

struct MembraneNoise {
    double sigma = 0.0;          // potential per sqrt(ms): mV, or the threshold of a converted unit
    double kick_rate_khz = 20.0; // nu: kicks per ms, half of each sign
    // a, the size of each kick.
    double kick() const;
    bool active() const { return sigma > 0; }
    // InputError (source "parameters") naming `where`.sigma or `where`.kick_rate.
    void validate(std::string_view where) const;
};

} // namespace spikesim

#pragma once
// What a noisy or low-precision substrate does to a converted network, and the matching
// perturbation of the ANN, so that the three modes are compared on equal terms
// (experiments/robustness.hpp).
//   jitter       every delivery of a spike arrives with a Gaussian error of sd `jitter_ms`
//                (sim/synaptic_noise.hpp). A ttfs unit's value is its spike time,
//                t = T (1 - a): an error of d ms is an error of d / T in a (relative to
//                the layer's scale). The ANN's counterpart: each synapse from an active
//                unit carries that error, z_j += lambda sum_i w_ji (jitter / T) xi_ji.
//   failure      every delivery is dropped with probability `failure`; the ANN's
//                counterpart drops each connection with that probability (DropConnect at
//                inference, without rescaling: the spiking network cannot rescale either).
//   membrane     a white-noise current of sd `membrane_sigma` (in units of the threshold
//                per sqrt(ms)) into every spiking unit, from time 0 on (Stein's shot noise,
//                sim/membrane_noise.hpp). A non-leaky unit integrates it without forgetting:
//                a ttfs unit of layer l reads sigma^2 P_l of variance at the start of its
//                output phase P_l and adds sigma^2 T (1 - z) while ramping to threshold; a
//                rate unit's count over D ms moves by sigma sqrt(D) spikes. The ANN's
//                counterpart is the ttfs one, Gaussian noise on each pre-activation:
//                z_j += lambda sigma sqrt(P_l + T (1 - clip(z_j / lambda, 0, 1))) xi_j.
//   weight bits  every layer's weights rounded to a signed k-bit grid of step
//                max|W| / (2^(k-1) - 1), biases kept: the same weights in all three modes.
#include "models/dense_network.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

struct Perturbation {
    double jitter_ms = 0.0;      // sd of each delivery's arrival error
    double failure = 0.0;        // probability a delivery is dropped
    int weight_bits = 0;         // 0: full precision; else 2..16
    double membrane_sigma = 0.0; // threshold per sqrt(ms)
    // Delays are lengthened by the larger of this and the jitter's bound (4 sd), so that no
    // delivery arrives before its spike. A sweep sets it to its largest bound, so that every
    // strength, 0 included, runs with the same delays and differs by the jitter alone.
    double delay_margin_ms = 0.0;
    bool none() const {
        return jitter_ms == 0 && failure == 0 && weight_bits == 0 && membrane_sigma == 0;
    }
    double delay_lengthening() const;
    // InputError (source `options`) naming jitter_ms, failure, weight_bits, membrane_sigma
    // or delay_margin_ms.
    void validate(const std::string& options) const;
};

// The weights rounded to `bits` (2..16) bits, per layer; biases unchanged.
Eigen::MatrixXd quantise_weights(const Eigen::MatrixXd& w, int bits);
DenseNetwork quantised(const DenseNetwork& ann, int bits);

// The ttfs timing that converts a perturbation of the substrate into value error: the
// phase T and the delay of every synapse (before the perturbation lengthens it).
struct TtfsTiming {
    double phase = 5.0;
    double delay = 0.5;
    // P_l, the start of layer l's output phase (l = 0: the first layer of weights).
    double output_phase_start(std::size_t l, const Perturbation& p) const;
};

// The ANN's logits under the counterpart of `p` (its weight bits included): `scales` are
// the activation scales of the conversion (layer l's input scale lambda_l); each sample's
// noise is drawn from the stream keyed by (seed, "ann_perturbation", sample index).
Eigen::MatrixXd perturbed_logits(const DenseNetwork& ann, const std::vector<double>& scales,
                                 const Eigen::MatrixXd& x, const Perturbation& p,
                                 const TtfsTiming& timing, std::uint64_t seed);

} // namespace spikesim

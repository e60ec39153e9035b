#include "experiments/coba.hpp"

#include "sim/errors.hpp"
#include "sim/source_group.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {

LifCondExpSystem::Params coba_neuron(const CobaOptions& o) {
    LifCondExpSystem::Params p;
    p.tau_m = 20.0;
    p.e_l = -60.0;
    p.v_th = -50.0;
    p.v_reset = -60.0;
    p.t_ref = 5.0;
    p.e_ex = 0.0;
    p.e_in = -80.0;
    p.tau_ex = 5.0;
    p.tau_in = 10.0;
    p.abs_tol = o.abs_tol;
    p.rel_tol = o.rel_tol;
    return p;
}

void CobaOptions::validate() const {
    auto bad = [](const char* field, const char* expected, double got) {
        return InputError("coba", field, expected, format_number(got));
    };
    if (neurons < 5 || neurons > 100'000'000)
        throw bad("neurons", "from 5 to 100000000 neurons", neurons);
    if (!(inputs_per_neuron > 0) || !std::isfinite(inputs_per_neuron))
        throw bad("inputs_per_neuron", "a number > 0", inputs_per_neuron);
    if (!(delay > 0) || !std::isfinite(delay))
        throw bad("delay", "a finite number > 0 (ms)", delay);
    for (const auto& [field, value] : {std::pair{"abs_tol", abs_tol}, {"rel_tol", rel_tol}})
        if (!(value > 0) || !(value <= 0.1)) throw bad(field, "a number in (0, 0.1]", value);
    if (!(kick_rate_hz >= 0) || !std::isfinite(kick_rate_hz))
        throw bad("kick_rate_hz", "a number >= 0 (Hz)", kick_rate_hz);
    if (!(kick_duration >= 0) || !std::isfinite(kick_duration))
        throw bad("kick_duration", "a number >= 0 (ms)", kick_duration);
    if (!std::isfinite(kick_weight) || kick_weight < 0)
        throw bad("kick_weight", "a finite number >= 0 (excitatory)", kick_weight);
}

Network build_coba(const CobaOptions& o) {
    o.validate();
    Network net(o.seed);
    const auto n_exc = static_cast<std::uint32_t>(0.8 * o.neurons);
    const InitialPotential v0{-60.0, -50.0};
    const auto params = coba_neuron(o);
    const auto exc = net.add_neurons<LifCondExp>("exc", n_exc, params, Dale::excitatory, v0);
    const auto inh =
        net.add_neurons<LifCondExp>("inh", o.neurons - n_exc, params, Dale::inhibitory, v0);
    const double p = std::min(1.0, o.inputs_per_neuron / o.neurons);
    const SynapseSpec we{0.6, o.delay}, wi{-6.7, o.delay};
    net.connect(exc, exc, FixedProbability{p}, we, "exc->exc");
    net.connect(exc, inh, FixedProbability{p}, we, "exc->inh");
    net.connect(inh, exc, FixedProbability{p}, wi, "inh->exc");
    net.connect(inh, inh, FixedProbability{p}, wi, "inh->inh");
    if (o.kick_duration > 0 && o.kick_rate_hz > 0) {
        const auto kick = net.add(
            "kick",
            std::make_unique<PoissonGroup>(o.neurons, o.kick_rate_hz, 0.0, o.kick_duration, "kick"),
            Dale::excitatory);
        SynapseList to_exc, to_inh;
        for (std::uint32_t i = 0; i < o.neurons; ++i)
            (i < n_exc ? to_exc : to_inh)
                .synapses.push_back({i, i < n_exc ? i : i - n_exc, o.kick_weight, o.delay});
        net.connect(kick, exc, std::move(to_exc), {o.kick_weight, o.delay}, "kick->exc");
        net.connect(kick, inh, std::move(to_inh), {o.kick_weight, o.delay}, "kick->inh");
    }
    return net;
}

} // namespace spikesim

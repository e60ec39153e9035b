#include "experiments/cuba.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {

LifExp::Params cuba_neuron() {
    LifExp::Params p;
    p.tau_m = 20.0;
    p.tau_ex = 5.0;
    p.tau_in = 10.0;
    p.e_l = -49.0;
    p.v_th = -50.0;
    p.v_reset = -60.0;
    p.t_ref = 5.0;
    p.i_e = 0.0;
    p.v_init = -60.0;
    return p;
}

void CubaOptions::validate() const {
    if (neurons < 5 || neurons > 100'000'000)
        throw InputError("cuba", "neurons",
                         "from 5 to 100000000 neurons (4 excitatory per inhibitory)",
                         std::to_string(neurons));
    if (!(inputs_per_neuron > 0) || !std::isfinite(inputs_per_neuron))
        throw InputError("cuba", "inputs_per_neuron", "a number > 0",
                         format_number(inputs_per_neuron));
    if (!std::isfinite(delay) || delay < 0)
        throw InputError("cuba", "delay", "a finite number >= 0 (ms)", format_number(delay));
}

Network build_cuba(const CubaOptions& o, Partition partition) {
    o.validate();
    Network net(o.seed, partition);
    const auto n_exc = static_cast<std::uint32_t>(0.8 * o.neurons); // as Brian2: int(0.8 N)
    const InitialPotential v0{-60.0, -50.0};
    const auto exc = net.add_neurons<LifExp>("exc", n_exc, cuba_neuron(), Dale::excitatory, v0);
    const auto inh =
        net.add_neurons<LifExp>("inh", o.neurons - n_exc, cuba_neuron(), Dale::inhibitory, v0);
    const double p = std::min(1.0, o.inputs_per_neuron / o.neurons);
    const SynapseSpec we{1.62, o.delay}, wi{-9.0, o.delay};
    net.connect(exc, exc, FixedProbability{p}, we, "exc->exc");
    net.connect(exc, inh, FixedProbability{p}, we, "exc->inh");
    net.connect(inh, exc, FixedProbability{p}, wi, "inh->exc");
    net.connect(inh, inh, FixedProbability{p}, wi, "inh->inh");
    return net;
}

} // namespace spikesim

#include "experiments/coba.hpp"

#include "experiments/coba_network.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <cmath>

namespace spikesim {

LifCondExp::Params coba_neuron() {
    LifCondExp::Params p;
    p.tau_m = 20.0;
    p.e_l = -60.0;
    p.v_th = -50.0;
    p.v_reset = -60.0;
    p.t_ref = 5.0;
    p.e_ex = 0.0;
    p.e_in = -80.0;
    p.tau_ex = 5.0;
    p.tau_in = 10.0;
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
    if (!(kick_rate_hz >= 0) || !std::isfinite(kick_rate_hz))
        throw bad("kick_rate_hz", "a number >= 0 (Hz)", kick_rate_hz);
    if (!(kick_duration >= 0) || !std::isfinite(kick_duration))
        throw bad("kick_duration", "a number >= 0 (ms)", kick_duration);
    if (!std::isfinite(kick_weight) || kick_weight < 0)
        throw bad("kick_weight", "a finite number >= 0 (excitatory)", kick_weight);
}

Network build_coba(const CobaOptions& o, Partition partition) {
    return build_coba_with<LifCondExp>(o, coba_neuron(), partition);
}

} // namespace spikesim

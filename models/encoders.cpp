#include "models/encoders.hpp"

#include "sim/random.hpp"

#include <algorithm>

namespace spikesim {

std::vector<double> regular_train(double x, double max_rate, double duration) {
    std::vector<double> t;
    const double rate = x * max_rate;
    if (!(rate > 0)) return t;
    for (std::uint64_t k = 1;; ++k) {
        const double tk = static_cast<double>(k) / rate;
        if (tk >= duration) break;
        t.push_back(tk);
    }
    return t;
}

std::vector<double> poisson_train(double x, double max_rate, double duration, std::uint64_t seed,
                                  std::uint64_t stream_id) {
    std::vector<double> t;
    const double rate = x * max_rate;
    if (!(rate > 0)) return t;
    RandomStream stream(seed, purpose_of("poisson-encoder"), stream_id);
    for (double tk = stream.exponential(1.0 / rate); tk < duration;
         tk += stream.exponential(1.0 / rate))
        t.push_back(tk);
    return t;
}

std::vector<double> latency_spike(double x, double phase) {
    if (!(x > 0)) return {};
    return {phase * (1.0 - std::min(x, 1.0))};
}

} // namespace spikesim

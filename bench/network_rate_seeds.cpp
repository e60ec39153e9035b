// Mean rate of the CUBA or COBA network over [t0, t1) for several seeds: the figures compared
// with Brian2 (bench/brian2_cuba_rate.py, bench/brian2_coba_rate.py).
// Usage: network_rate_seeds cuba|coba [neurons=4000] [seeds=8] [t0_ms] [t1_ms]
#include "experiments/coba.hpp"
#include "experiments/cuba.hpp"
#include "sim/simulation.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace spikesim;

int main(int argc, char** argv) {
    const std::string which = argc > 1 ? argv[1] : "cuba";
    const auto neurons = argc > 2 ? static_cast<std::uint32_t>(std::atoi(argv[2])) : 4000u;
    const int seeds = argc > 3 ? std::atoi(argv[3]) : 8;
    const double t0 = argc > 4 ? std::atof(argv[4]) : (which == "coba" ? 500.0 : 1000.0);
    const double t1 = argc > 5 ? std::atof(argv[5]) : (which == "coba" ? 1000.0 : 2000.0);
    double sum = 0, sum2 = 0;
    for (int s = 1; s <= seeds; ++s) {
        Network net;
        if (which == "coba") {
            CobaOptions o;
            o.neurons = neurons;
            o.seed = std::uint64_t(s);
            net = build_coba(o);
        } else {
            CubaOptions o;
            o.neurons = neurons;
            o.seed = std::uint64_t(s);
            net = build_cuba(o);
        }
        Simulation sim(net);
        auto count = [&] {
            return sim.statistics().spikes_per_population[0] +
                   sim.statistics().spikes_per_population[1];
        };
        sim.run(t0);
        const auto before = count();
        sim.run(t1 - t0);
        const double rate = double(count() - before) / neurons / ((t1 - t0) / 1000.0);
        std::printf("seed %d: %.3f Hz\n", s, rate);
        sum += rate;
        sum2 += rate * rate;
    }
    const double mean = sum / seeds;
    std::printf(
        "%s neurons=%u window=[%g, %g) ms seeds=%d mean=%.3f Hz sd=%.3f Hz\n", which.c_str(),
        neurons, t0, t1, seeds, mean,
        std::sqrt(std::max(0.0, sum2 / seeds - mean * mean) * seeds / std::max(1, seeds - 1)));
}

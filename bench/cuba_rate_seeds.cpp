// Mean CUBA rate over 1-2 s for several seeds: the number REFERENCES.md compares with Brian2.
// Usage: cuba_rate_seeds [neurons=4000] [seeds=10] [delay_ms=0.1]
#include "experiments/cuba.hpp"
#include "sim/simulation.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace spikesim;

int main(int argc, char** argv) {
    CubaOptions o;
    o.neurons = argc > 1 ? static_cast<std::uint32_t>(std::atoi(argv[1])) : 4000;
    const int seeds = argc > 2 ? std::atoi(argv[2]) : 10;
    o.delay = argc > 3 ? std::atof(argv[3]) : 0.1;
    double sum = 0, sum2 = 0;
    for (int s = 1; s <= seeds; ++s) {
        o.seed = static_cast<std::uint64_t>(s);
        Network net = build_cuba(o);
        Simulation sim(net);
        sim.run(1000.0);
        std::uint64_t before = 0;
        for (auto c : sim.statistics().spikes_per_population)
            before += c;
        sim.run(1000.0);
        std::uint64_t after = 0;
        for (auto c : sim.statistics().spikes_per_population)
            after += c;
        const double rate = double(after - before) / o.neurons;
        std::printf("seed %d: %.3f Hz\n", s, rate);
        sum += rate;
        sum2 += rate * rate;
    }
    const double mean = sum / seeds;
    std::printf(
        "neurons=%u delay=%g seeds=%d mean=%.3f Hz sd=%.3f Hz\n", o.neurons, o.delay, seeds, mean,
        std::sqrt(std::max(0.0, sum2 / seeds - mean * mean) * seeds / std::max(1, seeds - 1)));
}

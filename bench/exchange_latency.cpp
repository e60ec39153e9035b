// What overlapping the exchange hides (LoopOptions::overlap_exchange), given an exchange
// that takes time: a one-process communicator whose exchange completes `latency` µs after it
// begins, as a message over a network would, around the CUBA network. The plain loop waits
// the whole latency after every window; the overlapped loop sends, advances the next window,
// and then waits only for what is left of it.
// Usage: exchange_latency [neurons=100000] [duration_ms=300] [rounds=3]
// [latencies_us=0,20,50,100,200] (threads: the machine's; limit them with taskset or run on an idle
// machine.)
#include "experiments/cuba.hpp"
#include "sim/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace spikesim;
using Clock = std::chrono::steady_clock;

namespace {

// One process whose window exchange takes `latency` from its beginning to its end.
class LatentExchange final : public SingleProcess {
  public:
    explicit LatentExchange(double latency_us)
        : latency_(std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double, std::micro>(latency_us))) {}
    WindowStatus exchange_spikes(std::span<const Spike> mine, WindowStatus status,
                                 std::vector<Spike>& all) override {
        begin_exchange(mine, status);
        return end_exchange(all);
    }
    void begin_exchange(std::span<const Spike> mine, WindowStatus status) override {
        sent_at_ = Clock::now();
        mine_ = mine;
        status_ = status;
    }
    WindowStatus end_exchange(std::vector<Spike>& all) override {
        while (Clock::now() < sent_at_ + latency_) {
        } // an MPI wait spins too
        all.assign(mine_.begin(), mine_.end());
        return status_;
    }

  private:
    Clock::duration latency_;
    Clock::time_point sent_at_;
    std::span<const Spike> mine_;
    WindowStatus status_;
};

struct Timing {
    double seconds;
    std::uint64_t windows;
};

Timing run(std::uint32_t neurons, double duration, double latency_us, bool overlap) {
    CubaOptions o;
    o.neurons = neurons;
    Network net = build_cuba(o);
    LatentExchange comm(latency_us);
    Simulation sim(net, comm, LoopOptions{overlap});
    sim.run(duration);
    return {sim.statistics().wall_seconds, sim.statistics().windows};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const auto neurons = argc > 1 ? static_cast<std::uint32_t>(std::atoi(argv[1])) : 100000u;
    const double duration = argc > 2 ? std::atof(argv[2]) : 300.0;
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
    std::vector<double> latencies{0, 20, 50, 100, 200};
    if (argc > 4) {
        latencies.clear();
        std::stringstream list(argv[4]);
        for (std::string item; std::getline(list, item, ',');)
            latencies.push_back(std::atof(item.c_str()));
    }
    std::printf("CUBA N = %u, %g ms, median of %d alternating rounds\n", neurons, duration, rounds);
    std::printf("latency_us  plain_s  overlap_s  plain_windows  overlap_windows  ratio\n");
    for (const double latency : latencies) {
        std::vector<double> plain, overlap;
        Timing p{}, q{};
        for (int r = 0; r < rounds; ++r) {
            p = run(neurons, duration, latency, false);
            q = run(neurons, duration, latency, true);
            plain.push_back(p.seconds);
            overlap.push_back(q.seconds);
        }
        std::printf("%10g  %7.3f  %9.3f  %13llu  %15llu  %5.2f\n", latency, median(plain),
                    median(overlap), static_cast<unsigned long long>(p.windows),
                    static_cast<unsigned long long>(q.windows), median(overlap) / median(plain));
    }
}

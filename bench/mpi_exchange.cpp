// The spike exchange of a distributed run, measured alone (issue 23; bench/RESULTS.md):
// per window every rank holds the spikes its neurons fired and every other rank needs some
// of them. Two patterns, as NEST's 5g kernel and Arbor compared:
//   allgatherv  every rank receives every spike (sizes first, by MPI_Allgather);
//   alltoallv   every rank receives only the spikes its targets need (sizes by
//               MPI_Alltoall): `needed` is the fraction of ranks that need a spike (1: random
//               connectivity with an indegree far above the rank count, as in CUBA, where
//               every rank hosts a target of nearly every neuron; 1/R: local connectivity).
// Usage: mpirun -np R bench/mpi_exchange [windows]   (median microseconds per window)
#include "sim/cell_group.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using spikesim::Spike;
static_assert(sizeof(Spike) == 16);

struct World {
    int rank = 0, size = 1;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Offsets of the blocks of `counts`, and their total.
int displacements(const std::vector<int>& counts, std::vector<int>& at) {
    int total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
        at[r] = total;
        total += counts[r];
    }
    return total;
}

// One window's exchange by MPI_Allgatherv, in microseconds.
double allgatherv(const World& w, const std::vector<Spike>& mine, std::vector<Spike>& all) {
    std::vector<int> counts(std::size_t(w.size)), at(std::size_t(w.size));
    MPI_Barrier(MPI_COMM_WORLD);
    const auto start = std::chrono::steady_clock::now();
    const int bytes = int(mine.size() * sizeof(Spike));
    MPI_Allgather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    all.resize(std::size_t(displacements(counts, at)) / sizeof(Spike));
    MPI_Allgatherv(mine.data(), bytes, MPI_BYTE, all.data(), counts.data(), at.data(), MPI_BYTE,
                   MPI_COMM_WORLD);
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
        .count();
}

// One window's exchange by MPI_Alltoallv, each spike sent to `needed` of the ranks (the
// ranks after its own, cyclically), in microseconds.
double alltoallv(const World& w, const std::vector<Spike>& mine, double needed,
                 std::vector<Spike>& send, std::vector<Spike>& got) {
    const auto ranks = std::size_t(w.size);
    const int receivers = std::max(1, int(needed * w.size + 0.5));
    std::vector<int> counts(ranks, 0), at(ranks), in(ranks), in_at(ranks);
    for (int k = 0; k < receivers; ++k)
        counts[std::size_t((w.rank + k) % w.size)] = int(mine.size() * sizeof(Spike));
    send.clear();
    for (std::size_t r = 0; r < ranks; ++r)
        if (counts[r] > 0) send.insert(send.end(), mine.begin(), mine.end());
    std::vector<int> by_rank(ranks, 0);
    for (std::size_t r = 0, offset = 0; r < ranks; ++r) {
        by_rank[r] = int(offset);
        offset += std::size_t(counts[r]);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    const auto start = std::chrono::steady_clock::now();
    MPI_Alltoall(counts.data(), 1, MPI_INT, in.data(), 1, MPI_INT, MPI_COMM_WORLD);
    got.resize(std::size_t(displacements(in, in_at)) / sizeof(Spike));
    MPI_Alltoallv(send.data(), counts.data(), by_rank.data(), MPI_BYTE, got.data(), in.data(),
                  in_at.data(), MPI_BYTE, MPI_COMM_WORLD);
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
        .count();
}

void measure(const World& w, int spikes, int windows) {
    std::vector<Spike> mine(static_cast<std::size_t>(spikes)), all, send, got;
    for (int i = 0; i < spikes; ++i)
        mine[std::size_t(i)] = Spike{0.01 * i, std::uint32_t(w.rank + i * w.size)};
    std::vector<double> gather, dense, local;
    for (int k = 0; k < windows; ++k) {
        gather.push_back(allgatherv(w, mine, all));
        dense.push_back(alltoallv(w, mine, 1.0, send, got));
        local.push_back(alltoallv(w, mine, 1.0 / w.size, send, got));
    }
    if (w.rank == 0)
        std::printf("%5d %8d %14.1f %20.1f %20.1f\n", w.size, spikes, median(gather), median(dense),
                    median(local));
}

} // namespace

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    World w;
    MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &w.size);
    const int windows = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
    if (w.rank == 0)
        std::printf("ranks spikes/rank allgatherv_us alltoallv_all_us alltoallv_one_us "
                    "(medians of %d windows)\n",
                    windows);
    for (int spikes : {0, 10, 100, 1000, 10000})
        measure(w, spikes, windows);
    MPI_Finalize();
    return 0;
}

#pragma once
// How the processes that run one network together talk (sim/partition.hpp says which
// neurons each advances). The engine needs four things of them: each window's spikes from
// every rank, sums of counters, the bits of membrane samples each rank took, and agreement
// on failure, so that one rank's error stops every rank with its message instead of
// leaving the others waiting in a collective. SingleProcess is the communicator of a run in
// one process; sim/mpi/mpi_communicator.hpp has the MPI one.
#include "sim/cell_group.hpp"
#include "sim/partition.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace spikesim {

// What a rank reports with its spikes at the end of a window.
struct WindowStatus {
    bool stop = false;   // asked to stop (an interrupt)
    bool failed = false; // an exception in the window: every rank calls agree() next
};

class Communicator {
  public:
    virtual ~Communicator() = default;
    virtual std::uint32_t rank() const = 0;
    virtual std::uint32_t size() const = 0;
    Partition partition() const { return Partition{rank(), size()}; }
    bool is_root() const { return rank() == 0; }

    // One window's exchange: `all` becomes every rank's spikes, rank 0's first; the status
    // returned is every rank's, or-ed.
    virtual WindowStatus exchange_spikes(std::span<const Spike> mine, WindowStatus status,
                                         std::vector<Spike>& all) = 0;
    // The same exchange in two halves, for the overlapped loop: begin_exchange sends and
    // returns, so that the rank computes while the others catch up; end_exchange waits for
    // every rank's spikes. `mine` must stay alive and unchanged in between. By default the
    // whole exchange happens in end_exchange.
    virtual void begin_exchange(std::span<const Spike> mine, WindowStatus status) {
        unsent_ = mine;
        unsent_status_ = status;
    }
    virtual WindowStatus end_exchange(std::vector<Spike>& all) {
        return exchange_spikes(unsent_, unsent_status_, all);
    }
    // Sums each value over the ranks, on every rank.
    virtual void sum(std::span<std::uint64_t> values) = 0;
    // Or-s each word over the ranks into rank 0's copy (the other ranks' copies are left
    // undefined): a sample that only its neuron's rank took, and every other rank left 0.
    virtual void or_to_root(std::span<std::uint32_t> words) = 0;
    // Rank 0's text, on every rank.
    virtual void broadcast(std::string& text) = 0;
    // Every rank's bytes, concatenated in rank order, into rank 0's `bytes` (the other
    // ranks' are left as they were).
    virtual void gather_to_root(std::string& bytes) = 0;

    // A point every rank passes: when some rank's `mine` holds an exception, every rank
    // throws, the failing rank (the lowest, if several) its own exception and the others
    // the same kind of error with its message (RankFailure for kinds other than
    // InputError and OutputError). Otherwise returns.
    void agree(std::exception_ptr mine);
    // Whether agree() has thrown: an error every rank knows of, so each can exit on its
    // own. An error that reached no agree() is one rank's alone, and only abort() ends
    // the others, which wait in a collective.
    bool failed_together() const { return failed_together_; }
    // After an error that reached no agree(): whether every rank comes here within
    // `seconds`, as all do when they met the same error on their own (the command line and
    // the config are the same everywhere). Otherwise the others wait in a collective, and
    // only abort() ends them. On a channel of its own, apart from the engine's collectives.
    virtual bool all_fail_within(double seconds) = 0;
    // Ends every rank with `status` (MPI_Abort); a run in one process exits.
    [[noreturn]] virtual void abort(int status) = 0;

  protected:
    // The lowest rank whose `failed` is true, or size() when none is.
    virtual std::uint32_t first_failing(bool failed) = 0;
    // `text` of rank `from`, on every rank.
    virtual void broadcast_from(std::uint32_t from, std::string& text) = 0;

  private:
    bool failed_together_ = false;
    std::span<const Spike> unsent_; // between begin_exchange and end_exchange
    WindowStatus unsent_status_;
};

// Every rank's values, concatenated in rank order, on every rank (results of blocks of
// samples, shared so that every rank holds them all).
std::vector<double> from_every_rank(Communicator& communicator, std::vector<double> mine);

// The items of [0, n) this rank runs when n items are spread in blocks over the ranks
// (Partition): its block, the first `every_rank_too` items on every rank, and the first
// `root_too` on rank 0 (which keeps their spike trains), ascending.
std::vector<std::size_t> items_of_rank(const Communicator& communicator, std::size_t n,
                                       std::size_t every_rank_too, std::size_t root_too);

// Records of a trivially copyable type as the bytes the collectives carry, and back.
template <class T> std::string as_bytes(const std::vector<T>& records) {
    static_assert(std::is_trivially_copyable_v<T>);
    return std::string(reinterpret_cast<const char*>(records.data()), records.size() * sizeof(T));
}
template <class T> std::vector<T> records_from_bytes(const std::string& bytes) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::vector<T> records(bytes.size() / sizeof(T));
    if (!records.empty()) // never a null pointer to memcpy
        std::memcpy(records.data(), bytes.data(), records.size() * sizeof(T));
    return records;
}

// Runs f on every rank; when it throws on any, every rank throws (Communicator::agree).
template <class F> void collectively(Communicator& communicator, F f) {
    std::exception_ptr failure;
    try {
        f();
    } catch (...) {
        failure = std::current_exception();
    }
    communicator.agree(failure);
}

// Runs f on rank 0 alone (files are read and written there), the others waiting; when it
// throws, every rank throws.
template <class F> void on_root(Communicator& communicator, F f) {
    collectively(communicator, [&] {
        if (communicator.is_root()) f();
    });
}

// An error another rank met, rethrown on this one.
class RankFailure : public std::runtime_error {
  public:
    RankFailure(std::uint32_t rank, const std::string& what)
        : std::runtime_error(what), rank_(rank) {}
    std::uint32_t rank() const noexcept { return rank_; }

  private:
    std::uint32_t rank_;
};

// A run in one process: every collective is the identity.
class SingleProcess : public Communicator {
  public:
    std::uint32_t rank() const override { return 0; }
    std::uint32_t size() const override { return 1; }
    WindowStatus exchange_spikes(std::span<const Spike> mine, WindowStatus status,
                                 std::vector<Spike>& all) override {
        all.assign(mine.begin(), mine.end());
        return status;
    }
    void sum(std::span<std::uint64_t>) override {}
    void or_to_root(std::span<std::uint32_t>) override {}
    void broadcast(std::string&) override {}
    void gather_to_root(std::string&) override {}
    bool all_fail_within(double) override { return true; }
    [[noreturn]] void abort(int status) override { std::exit(status); }

  protected:
    std::uint32_t first_failing(bool failed) override { return failed ? 0 : 1; }
    void broadcast_from(std::uint32_t, std::string&) override {}
};

} // namespace spikesim

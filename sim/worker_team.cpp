#include "sim/worker_team.hpp"

#include <chrono>

namespace spikesim {
namespace {

// Waits until ready(value of a): spins for up to 50 microseconds, longer than the serial
// part of a window even at N = 100k, since a sleep and a wake-up would cost more than the
// window's work (spinning 1000 pauses, whose length differs between processors, made
// N = 100k on 2 threads 8 % slower); then sleeps in the kernel until a changes
// (std::atomic::wait, a futex).
template <class T, class Ready> void wait_until(const std::atomic<T>& a, Ready ready) {
    using Clock = std::chrono::steady_clock;
    const auto give_up = Clock::now() + std::chrono::microseconds(50);
    for (unsigned spin = 1;; ++spin) {
        if (ready(a.load(std::memory_order_acquire))) return;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
        if (spin % 64 == 0 && Clock::now() > give_up) break;
    }
    while (true) {
        const T value = a.load(std::memory_order_acquire);
        if (ready(value)) return;
        a.wait(value, std::memory_order_acquire);
    }
}

} // namespace

WorkerTeam::WorkerTeam(std::size_t members)
    : claimed_storage_(new std::atomic<std::uint32_t>[members == 0 ? 1 : members]) {
    const std::size_t n = members == 0 ? 1 : members;
    for (std::size_t m = 0; m < n; ++m) {
        claimed_storage_[m].store(0, std::memory_order_relaxed);
        claimed_.push_back(&claimed_storage_[m]);
    }
    for (std::size_t m = 1; m < n; ++m)
        threads_.emplace_back([this, m] { member_loop(m); });
}

WorkerTeam::~WorkerTeam() {
    stopping_.store(true, std::memory_order_relaxed);
    round_.fetch_add(1, std::memory_order_release);
    round_.notify_all();
    for (auto& t : threads_)
        t.join();
}

void WorkerTeam::run_if_unclaimed(std::size_t m, std::uint32_t round) noexcept {
    // Claimed for this round by whoever moves the mark to it first; a thread that wakes
    // late, still holding an older round, finds the mark at or past it and does nothing.
    // Round numbers wrap after 2^32 rounds: compared by their difference.
    std::uint32_t mark = claimed_[m]->load(std::memory_order_relaxed);
    do {
        if (static_cast<std::int32_t>(mark - round) >= 0) return;
    } while (!claimed_[m]->compare_exchange_weak(mark, round, std::memory_order_acq_rel));
    try {
        call_(work_, m);
    } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
    }
    if (finished_.fetch_add(1, std::memory_order_acq_rel) + 1 == claimed_.size())
        finished_.notify_all();
}

void WorkerTeam::member_loop(std::size_t member) {
    std::uint32_t seen = 0;
    while (true) {
        wait_until(round_, [&](std::uint32_t round) { return round != seen; });
        seen = round_.load(std::memory_order_acquire);
        if (stopping_.load(std::memory_order_relaxed)) return;
        run_if_unclaimed(member, seen);
    }
}

void WorkerTeam::run_erased(void* work, void (*call)(void*, std::size_t)) {
    work_ = work;
    call_ = call;
    finished_.store(0, std::memory_order_relaxed);
    // Publishes work_ and the caller's data.
    const std::uint32_t round = round_.fetch_add(1, std::memory_order_release) + 1;
    round_.notify_all();                              // a system call only when a thread sleeps
    for (std::size_t m = 0; m < claimed_.size(); ++m) // its own first, then any left
        run_if_unclaimed(m, round);
    wait_until(finished_, [&](std::uint32_t done) { return done == claimed_.size(); });
    if (error_) {
        std::exception_ptr e;
        std::swap(e, error_);
        std::rethrow_exception(e);
    }
}

} // namespace spikesim

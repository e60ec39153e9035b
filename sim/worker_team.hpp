#pragma once
// A team of threads for the windowed loop's parallel step. Small networks run tens of
// thousands of windows per second, a few microseconds of work each; a TBB task spawn and
// join per window cost about as much as the work. The team's threads live for one run and
// wait between rounds by spinning briefly, then sleeping on a futex.
//
// Member 0 is the calling thread. run(work) calls work(m) once for every member m and
// returns when all have returned; the first exception any call threw is rethrown. Each m
// is claimed by thread m as a rule (so that a thread finds its neurons in its own cache),
// but the caller takes any m whose thread has not claimed it by the time its own is done:
// a round never waits for a thread the system has not scheduled (two runs sharing the
// cores, more threads than cores), and which thread ran which m changes nothing in the
// results.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace spikesim {

class WorkerTeam {
  public:
    explicit WorkerTeam(std::size_t members);
    ~WorkerTeam();
    WorkerTeam(const WorkerTeam&) = delete;
    WorkerTeam& operator=(const WorkerTeam&) = delete;

    std::size_t members() const { return claimed_.size(); }
    // work: any callable with work(std::size_t), alive until run() returns. Not wrapped in a
    // std::function, which would allocate once per window for the windowed loop's lambda.
    template <class Work> void run(Work&& work) {
        using W = std::remove_reference_t<Work>;
        run_erased(const_cast<void*>(static_cast<const void*>(std::addressof(work))),
                   [](void* w, std::size_t m) { (*static_cast<W*>(w))(m); });
    }

  private:
    void run_erased(void* work, void (*call)(void*, std::size_t));
    void member_loop(std::size_t member);
    // Runs work(m) if no thread has claimed m in round `round` yet.
    void run_if_unclaimed(std::size_t m, std::uint32_t round) noexcept;

    std::vector<std::thread> threads_;
    // Published by round_ (release) to the threads (acquire), and read only by the thread
    // that claimed an m of the round, which the round waits for:
    void* work_ = nullptr;
    void (*call_)(void*, std::size_t) = nullptr;
    std::atomic<std::uint32_t> round_{0};    // the round's number; 32 bits for a futex
    std::atomic<std::uint32_t> finished_{0}; // calls of the current round done
    std::unique_ptr<std::atomic<std::uint32_t>[]> claimed_storage_;
    std::vector<std::atomic<std::uint32_t>*> claimed_; // per m: the last round it was claimed in
    std::atomic<bool> stopping_{false};
    std::mutex error_mutex_;
    std::exception_ptr error_;
};

} // namespace spikesim

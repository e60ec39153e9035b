#pragma once
// A recording sink that hands everything to another sink on a thread of its own, in the
// order it was given: while that thread packs and writes one block of spikes, the
// simulation goes on. The data of each block is copied, so a monitor may reuse its buffers
// at once.
//
// Every call to the inner sink is made by the one background thread, one at a time, so the
// inner sink may use a library that is not thread-safe (HDF5, unless built thread-safe as
// Debian builds it). Whoever owns the inner sink must call wait() before touching it, or
// the library, again.
#include "sim/recording_sink.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace spikesim {

class BackgroundSink final : public RecordingSink {
  public:
    // At most `capacity` calls wait at once; beyond that the caller blocks, which bounds
    // the memory held by blocks not yet written.
    explicit BackgroundSink(RecordingSink& inner, std::size_t capacity = 4);
    // Lets the calls already made finish (dropping their errors) and joins the thread.
    ~BackgroundSink() override;
    BackgroundSink(const BackgroundSink&) = delete;
    BackgroundSink& operator=(const BackgroundSink&) = delete;

    void declare_spikes(const std::string& population, std::uint64_t nodes = 0) override;
    void write_spikes(const std::string& population, std::span<const double> times,
                      std::span<const std::uint64_t> node_ids) override;
    void declare_report(const std::string& population, const std::vector<std::uint32_t>& node_ids,
                        double interval, const ReportVariable& variable) override;
    void write_report(const std::string& population, std::span<const float> values) override;

    // Returns when the inner sink has done everything asked of it so far. Once one of its
    // calls has thrown, the calls after it are dropped, and every call of this sink,
    // wait() included, rethrows that first error.
    void wait();

  private:
    void post(std::function<void()> call);
    void loop();

    RecordingSink& inner_;
    std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::function<void()>> calls_;
    bool busy_ = false; // the thread is running a call it has taken off the queue
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_; // last: starts once everything it uses exists
};

} // namespace spikesim

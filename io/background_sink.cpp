#include "io/background_sink.hpp"

#include <vector>

namespace spikesim {

BackgroundSink::BackgroundSink(RecordingSink& inner, std::size_t capacity)
    : inner_(inner), capacity_(capacity < 1 ? 1 : capacity), thread_([this] { loop(); }) {}

BackgroundSink::~BackgroundSink() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void BackgroundSink::declare_spikes(const std::string& population, std::uint64_t nodes) {
    post([this, population, nodes] { inner_.declare_spikes(population, nodes); });
}

void BackgroundSink::write_spikes(const std::string& population, std::span<const double> times,
                                  std::span<const std::uint64_t> node_ids) {
    post([this, population, t = std::vector<double>(times.begin(), times.end()),
          id = std::vector<std::uint64_t>(node_ids.begin(), node_ids.end())] {
        inner_.write_spikes(population, t, id);
    });
}

void BackgroundSink::declare_report(const std::string& population,
                                    const std::vector<std::uint32_t>& node_ids, double interval,
                                    const ReportVariable& variable) {
    post([this, population, node_ids, interval, variable] {
        inner_.declare_report(population, node_ids, interval, variable);
    });
}

void BackgroundSink::write_report(const std::string& population, std::span<const float> values) {
    post([this, population, v = std::vector<float>(values.begin(), values.end())] {
        inner_.write_report(population, v);
    });
}

void BackgroundSink::post(std::function<void()> call) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return calls_.size() < capacity_ || error_; });
    if (error_) std::rethrow_exception(error_);
    calls_.push_back(std::move(call));
    lock.unlock();
    changed_.notify_all();
}

void BackgroundSink::wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (calls_.empty() && !busy_) || error_; });
    if (error_) std::rethrow_exception(error_);
}

void BackgroundSink::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return !calls_.empty() || stopping_; });
        if (calls_.empty()) return; // stopping, and everything posted has run
        std::function<void()> call = std::move(calls_.front());
        calls_.pop_front();
        changed_.notify_all(); // room in the queue
        // After a failure the output is broken: later calls are dropped.
        if (error_) continue;
        busy_ = true;
        lock.unlock();
        std::exception_ptr e;
        try {
            call();
        } catch (...) {
            e = std::current_exception();
        }
        lock.lock();
        busy_ = false;
        error_ = e;
        changed_.notify_all();
    }
}

} // namespace spikesim

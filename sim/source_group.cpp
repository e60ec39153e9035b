#include "sim/source_group.hpp"

#include "sim/limits.hpp"
#include "sim/memory_budget.hpp"

#include "sim/errors.hpp"
#include "sim/neuron_model.hpp"
#include "sim/random.hpp"

#include <algorithm>
#include <string>

namespace spikesim {

void SourceGroup::emit_before(double t1, std::uint32_t begin, std::uint32_t end,
                              std::vector<Spike>& out) {
    for (std::uint32_t i = begin; i < end; ++i) {
        for (double t = peek(i); t < t1; t = peek(i)) {
            out.push_back(Spike{t, gid(i)});
            pop(i);
        }
    }
}

namespace {
std::uint32_t checked_size(std::size_t n) {
    if (n == 0 || n > UINT32_MAX)
        throw InputError("parameters", "size", "between 1 and 4294967295 neurons",
                         std::to_string(n));
    return static_cast<std::uint32_t>(n);
}
} // namespace

SpikeGeneratorGroup::SpikeGeneratorGroup(std::vector<std::vector<double>> times,
                                         std::string_view where)
    : SourceGroup(checked_size(times.size())) {
    offsets_.reserve(times.size() + 1);
    offsets_.push_back(0);
    for (std::size_t i = 0; i < times.size(); ++i) {
        auto& ts = times[i];
        for (double t : ts)
            require_non_negative(t, where, "spike_times[" + std::to_string(i) + "]");
        std::sort(ts.begin(), ts.end());
        times_.insert(times_.end(), ts.begin(), ts.end());
        offsets_.push_back(times_.size());
    }
    cursor_.resize(times.size());
}

void SpikeGeneratorGroup::initialize(std::uint64_t, std::string_view) {
    for (std::uint32_t i = 0; i < size(); ++i)
        cursor_[i] = offsets_[i];
}

double SpikeGeneratorGroup::peek(std::uint32_t i) const {
    return cursor_[i] < offsets_[i + 1] ? times_[cursor_[i]]
                                        : std::numeric_limits<double>::infinity();
}

RegularGroup::RegularGroup(std::uint32_t size, double interval, double start, double stop,
                           std::string_view where)
    : SourceGroup(checked_size(size)), interval_(interval), start_(start), stop_(stop) {
    if (!(interval >= limits::min_interval_ms) || !std::isfinite(interval))
        throw InputError("parameters", std::string(where) + ".interval",
                         "a finite interval >= 1e-6 ms", format_number(interval));
    require_non_negative(start, where, "start");
    if (!(stop >= start))
        throw InputError("parameters", std::string(where) + ".stop", "a time >= start",
                         format_number(stop));
    require_memory(double(size) * sizeof(std::uint64_t), "the sources of " + std::string(where),
                   "parameters", std::string(where) + ".size");
    count_.resize(size);
}

void RegularGroup::initialize(std::uint64_t, std::string_view) {
    std::fill(count_.begin(), count_.end(), 0);
}

double RegularGroup::peek(std::uint32_t i) const {
    const double t = start_ + static_cast<double>(count_[i]) * interval_;
    return t < stop_ ? t : std::numeric_limits<double>::infinity();
}

PoissonGroup::PoissonGroup(std::uint32_t size, double rate_hz, double start, double stop,
                           std::string_view where)
    : SourceGroup(checked_size(size)), rate_hz_(rate_hz), start_(start), stop_(stop) {
    if (!(rate_hz >= 0 && rate_hz <= limits::max_rate_hz))
        throw InputError("parameters", std::string(where) + ".rate", "a rate from 0 to 1e6 Hz",
                         format_number(rate_hz));
    require_non_negative(start, where, "start");
    if (!(stop >= start))
        throw InputError("parameters", std::string(where) + ".stop", "a time >= start",
                         format_number(stop));
    require_memory(double(size) * (sizeof(double) + sizeof(std::uint64_t)),
                   "the sources of " + std::string(where), "parameters",
                   std::string(where) + ".size");
    next_.resize(size);
    draws_.resize(size);
}

double PoissonGroup::draw_interval(std::uint32_t i) {
    // One Philox block per interval, addressed by the draw count: the k-th interval of
    // neuron i is the same whatever thread draws it and whenever.
    RandomStream stream(seed_, purpose_, i, draws_[i]++);
    return stream.exponential(1000.0 / rate_hz_);
}

void PoissonGroup::initialize(std::uint64_t seed, std::string_view population) {
    seed_ = seed;
    purpose_ = purpose_of("poisson:" + std::string(population));
    for (std::uint32_t i = 0; i < size(); ++i) {
        draws_[i] = 0;
        next_[i] =
            rate_hz_ > 0 ? start_ + draw_interval(i) : std::numeric_limits<double>::infinity();
    }
}

void PoissonGroup::pop(std::uint32_t i) {
    next_[i] += draw_interval(i);
}

} // namespace spikesim

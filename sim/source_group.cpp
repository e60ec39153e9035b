#include "sim/source_group.hpp"

#include "sim/limits.hpp"
#include "sim/memory_budget.hpp"

#include "sim/errors.hpp"
#include "sim/neuron_model.hpp"
#include "sim/random.hpp"

#include <algorithm>
#include <cmath>
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
}

void SpikeGeneratorGroup::initialize(std::uint64_t, std::string_view) {
    cursor_.resize(owned());
    for (std::uint32_t i = 0; i < owned(); ++i)
        cursor_[i] = offsets_[first_owned() + i];
}

double SpikeGeneratorGroup::peek(std::uint32_t i) const {
    return cursor_[i] < offsets_[first_owned() + i + 1] ? times_[cursor_[i]]
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
}

void RegularGroup::initialize(std::uint64_t, std::string_view) {
    count_.assign(owned(), 0);
}

double RegularGroup::peek(std::uint32_t i) const {
    const double t = start_ + static_cast<double>(count_[i]) * interval_;
    return t < stop_ ? t : std::numeric_limits<double>::infinity();
}

PoissonGroup::PoissonGroup(std::uint32_t size, PoissonRates rates, double start, double stop,
                           std::string_view where)
    : SourceGroup(checked_size(size)), r_(std::move(rates)), start_(start), stop_(stop) {
    const std::string w(where);
    auto check_rate = [&](double r, const std::string& key) {
        if (!(r >= 0 && r <= limits::max_rate_hz))
            throw InputError("parameters", w + "." + key, "a rate from 0 to 1e6 Hz",
                             format_number(r));
    };
    if (r_.per_neuron.size() != 1 && r_.per_neuron.size() != size)
        throw InputError("parameters", w + ".rate",
                         "one rate, or one per neuron (" + std::to_string(size) + ")",
                         std::to_string(r_.per_neuron.size()) + " values");
    for (std::size_t i = 0; i < r_.per_neuron.size(); ++i)
        check_rate(r_.per_neuron[i],
                   r_.per_neuron.size() == 1 ? "rate" : "rate[" + std::to_string(i) + "]");
    if (r_.times.size() != r_.rates.size())
        throw InputError("parameters", w + ".rates",
                         "one rate per time of rate_times (" + std::to_string(r_.times.size()) +
                             ")",
                         std::to_string(r_.rates.size()) + " values");
    for (std::size_t k = 0; k < r_.times.size(); ++k) {
        check_rate(r_.rates[k], "rates[" + std::to_string(k) + "]");
        if (!(r_.times[k] >= 0 && std::isfinite(r_.times[k])) ||
            (k > 0 && !(r_.times[k] > r_.times[k - 1])))
            throw InputError("parameters", w + ".rate_times[" + std::to_string(k) + "]",
                             "finite times >= 0 in increasing order", format_number(r_.times[k]));
    }
    require_non_negative(start, where, "start");
    if (!(stop >= start))
        throw InputError("parameters", w + ".stop", "a time >= start", format_number(stop));
    require_memory(double(size) * (sizeof(double) + sizeof(std::uint64_t) + 4.0),
                   "the sources of " + w, "parameters", w + ".size");
    for (std::size_t i = 0; i < r_.per_neuron.size() && r_.times.empty(); ++i)
        mean_rate_hz_ += r_.per_neuron[i] / double(r_.per_neuron.size());
    for (double r : r_.rates)
        mean_rate_hz_ = std::max(mean_rate_hz_, r); // an upper estimate, for planning
}

double PoissonGroup::next_after(std::uint32_t i, double t) {
    // One Philox block per interval, addressed by the draw count: the k-th interval of
    // neuron i is the same whatever thread draws it and whenever.
    RandomStream stream(seed_, purpose_, first_owned() + i, draws_[i]++);
    if (r_.times.empty()) {
        const double rate = rate_of(i);
        return rate > 0 ? t + stream.exponential(1000.0 / rate) : stop_inf();
    }
    // A unit of integrated rate (an expected spike), spent segment by segment.
    double mass = stream.exponential(1.0);
    std::uint32_t k = segment_[i];
    while (k < r_.times.size()) {
        const double end = k + 1 < r_.times.size() ? r_.times[k + 1] : stop_inf();
        const double per_ms = r_.rates[k] / 1000.0;
        if (per_ms > 0) {
            const double dt = mass / per_ms;
            if (t + dt < end) {
                segment_[i] = k;
                return t + dt;
            }
            mass -= per_ms * (end - t);
        }
        t = end;
        ++k;
    }
    segment_[i] = k;
    return stop_inf();
}

void PoissonGroup::initialize(std::uint64_t seed, std::string_view population) {
    seed_ = seed;
    purpose_ = purpose_of("poisson:" + std::string(population));
    next_.resize(owned());
    draws_.resize(owned());
    if (!r_.times.empty()) segment_.resize(owned());
    for (std::uint32_t i = 0; i < owned(); ++i) {
        draws_[i] = 0;
        double from = start_;
        if (!segment_.empty()) {
            from = std::max(start_, r_.times[0]);
            std::uint32_t k = 0;
            while (k + 1 < r_.times.size() && r_.times[k + 1] <= from)
                ++k;
            segment_[i] = k;
        }
        next_[i] = next_after(i, from);
    }
}

void PoissonGroup::pop(std::uint32_t i) {
    next_[i] = next_after(i, next_[i]);
}

} // namespace spikesim

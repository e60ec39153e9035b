#include "sim/projection_builder.hpp"

#include "sim/errors.hpp"
#include "sim/limits.hpp"
#include "sim/random.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>

namespace spikesim {
namespace {

class Builder {
  public:
    Builder(const ProjectionRequest& r, std::uint64_t seed)
        : r_(r), seed_(seed), purpose_(purpose_of("connect:" + r.name)),
          lo_(r.partition.first(r.target_size)), hi_(r.partition.end(r.target_size)),
          partitioned_(!r.partition.whole()) {
        p_.name = r.name;
        p_.source_population = r.source_population;
        p_.target_population = r.target_population;
        p_.delay = r.synapse.delay;
        p_.weight = static_cast<float>(r.synapse.weight);
        p_.first_target = lo_;
    }

    InputError error(const std::string& key, const std::string& expected,
                     const std::string& got) const {
        return InputError("network", "projection '" + r_.name + "': " + key, expected, got);
    }

    Projection build() {
        check_synapse_spec();
        p_.whole_min_delay = p_.whole_max_delay = p_.delay;
        std::visit([this](const auto& rule) { build(rule); }, r_.rule);
        if (!partitioned_) p_.whole_synapses = p_.targets.size();
        if (r_.synapse.weight_distribution)
            draw_per_synapse(*r_.synapse.weight_distribution, "weight", p_.weights);
        if (r_.synapse.delay_distribution) {
            const auto [low, high] =
                draw_per_synapse(*r_.synapse.delay_distribution, "delay", p_.delays);
            p_.whole_min_delay = low;
            p_.whole_max_delay = high;
        }
        return std::move(p_);
    }

  private:
    void check_synapse_spec() const {
        const auto& w = r_.synapse.weight_distribution;
        const auto& d = r_.synapse.delay_distribution;
        const bool own_weights = std::holds_alternative<SynapseList>(r_.rule) ||
                                 std::holds_alternative<DenseWeights>(r_.rule);
        if (w && own_weights)
            throw error("weight",
                        "no weight distribution (this rule gives each synapse its weight)",
                        w->describe());
        if (d && std::holds_alternative<SynapseList>(r_.rule))
            throw error("delay", "a number (explicit synapses give their own delays)",
                        d->describe());
        if (w) {
            w->validate("network", "projection '" + r_.name + "': weight");
            check_weight("weight", likely_extreme(*w, false));
            check_weight("weight", likely_extreme(*w, true));
        } else {
            check_weight("weight", r_.synapse.weight);
        }
        if (d) {
            d->validate("network", "projection '" + r_.name + "': delay");
            if (d->min() < 0)
                throw error("delay",
                            "a distribution of delays >= 0 (give low = 0, with bounds "
                            "redraw or clip)",
                            d->describe());
            check_delay("delay", likely_extreme(*d, true));
        } else {
            check_delay("delay", r_.synapse.delay);
        }
    }
    // The bound of a distribution, or for an unbounded side the value 8 standard deviations
    // out (a draw beyond it comes once in 1e15, and is clamped to the limit).
    static double likely_extreme(const Distribution& d, bool upper) {
        const double bound = upper ? d.max() : d.min();
        if (std::isfinite(bound)) return bound;
        const double z = upper ? 8.0 : -8.0;
        return d.kind == Distribution::Kind::normal ? d.a + z * d.b : std::exp(d.a + z * d.b);
    }
    // Each source's synapses draw their values from a stream of their own, in parallel: the
    // whole row's, of which a rank of several keeps its slice. Returns the smallest and
    // largest value of the whole projection.
    template <class T>
    std::pair<double, double> draw_per_synapse(const Distribution& d, const std::string& what,
                                               Projection::Array<T>& out) {
        out.resize(p_.targets.size());
        const auto purpose = purpose_of(what + ":" + r_.name);
        const double limit = what == "weight" ? limits::max_weight : limits::max_delay_ms;
        using Range = std::pair<double, double>;
        const Range none{std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()};
        auto join = [](Range a, Range b) {
            return Range{std::min(a.first, b.first), std::max(a.second, b.second)};
        };
        const Range range = tbb::parallel_reduce(
            tbb::blocked_range<std::uint32_t>(0, r_.source_size, 1024), none,
            [&](const auto& sources, Range seen) {
                for (std::uint32_t s = sources.begin(); s != sources.end(); ++s) {
                    RandomStream stream(seed_, purpose, s);
                    const std::uint64_t kept = p_.offsets[s + 1] - p_.offsets[s];
                    const std::uint64_t skip = partitioned_ ? row_skip_[s] : 0;
                    const std::uint64_t total = partitioned_ ? row_total_[s] : kept;
                    for (std::uint64_t k = 0; k < total; ++k) {
                        const double v = std::clamp(d.draw(stream), -limit, limit);
                        if (k >= skip && k - skip < kept)
                            out[p_.offsets[s] + k - skip] = static_cast<T>(v);
                        seen = join(seen, {v, v});
                    }
                }
                return seen;
            },
            join);
        return range.first <= range.second ? range : Range{p_.delay, p_.delay};
    }
    // Weights are stored as float32: beyond the bound a value is a mistake, and beyond
    // float's range it would become infinite.
    void check_weight(const std::string& key, double w) const {
        if (!(std::abs(w) <= limits::max_weight))
            throw error(key, "a finite number within +-1e6", format_number(w));
    }
    void check_delay(const std::string& key, double d) const {
        if (!(d >= 0 && d <= limits::max_delay_ms))
            throw error(key, "a number from 0 to 1e7 (ms)", format_number(d));
    }
    bool self(std::uint32_t s, std::uint32_t t) const { return r_.same_population && s == t; }

    // Rows are produced by `row(s, emit)` for every source s, in chunks of sources: each
    // chunk is generated in parallel into a buffer of its own, then appended to the arrays
    // in source order (so the result does not depend on the thread count). Only a few
    // chunks are in flight at once, and `expected` synapses are reserved up front, so the
    // synapses are written once and never held twice. (Generating each row twice, once to
    // count and once to fill, cost twice the random numbers and logarithms.)
    template <class Row> void build_rows(Row row, std::uint64_t expected) {
        constexpr std::uint32_t chunk_sources = 1024;
        struct Chunk {
            std::uint32_t first = 0, last = 0;
            std::vector<std::uint32_t> targets;
            std::vector<std::uint32_t> counts;        // per source of the chunk: held here
            std::vector<std::uint64_t> skips, totals; // below the slice held, in the row
        };
        const std::uint32_t n = r_.source_size;
        p_.offsets.assign(std::size_t(n) + 1, 0);
        p_.targets.reserve(expected);
        std::uint32_t next = 0;
        const auto in_flight =
            2 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
        tbb::parallel_pipeline(
            in_flight,
            tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& control) -> Chunk* {
                                               if (next == n) {
                                                   control.stop();
                                                   return nullptr;
                                               }
                                               auto* c = new Chunk;
                                               c->first = next;
                                               c->last = std::min(n, next + chunk_sources);
                                               next = c->last;
                                               return c;
                                           }) &
                tbb::make_filter<Chunk*, Chunk*>(
                    tbb::filter_mode::parallel,
                    [&](Chunk* c) {
                        c->counts.reserve(c->last - c->first);
                        for (std::uint32_t s = c->first; s != c->last; ++s) {
                            const std::size_t begin = c->targets.size();
                            row(s, [&](std::uint32_t t) { c->targets.push_back(t); });
                            const auto first =
                                c->targets.begin() + static_cast<std::ptrdiff_t>(begin);
                            if (!std::is_sorted(first, c->targets.end()))
                                std::sort(first, c->targets.end()); // most rules emit in order
                            if (partitioned_) cut_row(*c, begin);
                            c->counts.push_back(
                                static_cast<std::uint32_t>(c->targets.size() - begin));
                        }
                        return c;
                    }) &
                tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&](Chunk* c) {
                    const std::unique_ptr<Chunk> owned(c);
                    for (std::uint32_t s = c->first; s != c->last; ++s)
                        p_.offsets[s + 1] = p_.offsets[s] + c->counts[s - c->first];
                    p_.targets.insert(p_.targets.end(), c->targets.begin(), c->targets.end());
                    if (partitioned_)
                        for (std::uint32_t s = c->first; s != c->last; ++s)
                            note_row(s, c->skips[s - c->first], c->totals[s - c->first]);
                }));
    }

    // Keeps the slice of the sorted row at [begin, end) that targets this rank's neurons, as
    // local ids.
    template <class Chunk> void cut_row(Chunk& c, std::size_t begin) const {
        const auto first = c.targets.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto low = std::lower_bound(first, c.targets.end(), lo_);
        const auto high = std::lower_bound(low, c.targets.end(), hi_);
        c.skips.push_back(static_cast<std::uint64_t>(low - first));
        c.totals.push_back(static_cast<std::uint64_t>(c.targets.end() - first));
        const auto kept_end = std::transform(low, high, first, [this](std::uint32_t t) {
            return t - lo_; // local ids
        });
        c.targets.erase(kept_end, c.targets.end());
    }

    // Source s's row in the whole projection: `skip` of its `total` synapses lie below the
    // slice held here. Called for the sources in order.
    void note_row(std::uint32_t s, std::uint64_t skip, std::uint64_t total) {
        if (p_.first_whole.empty()) {
            p_.first_whole.assign(r_.source_size, 0);
            row_skip_.assign(r_.source_size, 0);
            row_total_.assign(r_.source_size, 0);
        }
        p_.first_whole[s] = p_.whole_synapses + skip;
        row_skip_[s] = skip;
        row_total_[s] = total;
        p_.whole_synapses += total;
    }

    void build(const OneToOne&) {
        if (r_.source_size != r_.target_size)
            throw error("rule", "populations of equal size for one_to_one",
                        std::to_string(r_.source_size) + " -> " + std::to_string(r_.target_size));
        build_rows([](std::uint32_t s, auto emit) { emit(s); }, r_.source_size);
    }

    void build(const AllToAll& rule) {
        build_rows(
            [&](std::uint32_t s, auto emit) {
                for (std::uint32_t t = 0; t < r_.target_size; ++t)
                    if (rule.allow_autapses || !self(s, t)) emit(t);
            },
            std::uint64_t(r_.source_size) * r_.target_size);
    }

    void build(const FixedProbability& rule) {
        if (!(rule.p >= 0.0 && rule.p <= 1.0))
            throw error("p", "a probability in [0, 1]", format_number(rule.p));
        if (rule.p == 0.0) return build_rows([](std::uint32_t, auto) {}, 0);
        if (rule.p == 1.0) return build(AllToAll{rule.allow_autapses});
        const double log1m_p = std::log1p(-rule.p);
        build_rows(
            [&](std::uint32_t s, auto emit) {
                RandomStream stream(seed_, purpose_, s);
                for (std::uint64_t t = stream.geometric_skip(log1m_p); t < r_.target_size;
                     t += 1 + stream.geometric_skip(log1m_p)) {
                    const auto target = static_cast<std::uint32_t>(t);
                    if (rule.allow_autapses || !self(s, target)) emit(target);
                }
            },
            likely_at_most(double(r_.source_size) * r_.target_size, rule.p));
    }

    // The count of n Bernoulli(p) trials is above mean + 6 sd once in 10^9 builds; then
    // the arrays just grow.
    static std::uint64_t likely_at_most(double n, double p) {
        const double mean = n * p;
        return static_cast<std::uint64_t>(mean + 6.0 * std::sqrt(mean * (1.0 - p)) + 64.0);
    }

    // Draws k distinct-or-not ids below n from `stream`, never `excluded` when set.
    template <class Emit>
    static void draw(RandomStream& stream, std::uint32_t k, std::uint32_t n, bool multapses,
                     std::int64_t excluded, std::vector<std::uint32_t>& scratch, Emit emit) {
        scratch.clear();
        while (scratch.size() < k) {
            const auto id = static_cast<std::uint32_t>(stream.below(n));
            if (id == excluded) continue;
            if (!multapses && std::find(scratch.begin(), scratch.end(), id) != scratch.end())
                continue;
            scratch.push_back(id);
        }
        for (auto id : scratch)
            emit(id);
    }

    void check_degree(std::uint32_t k, std::uint32_t pool, bool multapses, bool autapses,
                      const char* key) const {
        const std::uint32_t available = pool - (r_.same_population && !autapses ? 1 : 0);
        if (available == 0 && k > 0)
            throw error(key, "0 (no eligible partner when autapses are excluded)",
                        std::to_string(k));
        if (!multapses && k > available)
            throw error(key, "at most " + std::to_string(available) + " without multapses",
                        std::to_string(k));
    }

    void build(const FixedOutDegree& rule) {
        check_degree(rule.k, r_.target_size, rule.allow_multapses, rule.allow_autapses, "k");
        build_rows(
            [&](std::uint32_t s, auto emit) {
                RandomStream stream(seed_, purpose_, s);
                thread_local std::vector<std::uint32_t> scratch;
                const std::int64_t excluded = r_.same_population && !rule.allow_autapses ? s : -1;
                draw(stream, rule.k, r_.target_size, rule.allow_multapses, excluded, scratch, emit);
            },
            std::uint64_t(r_.source_size) * rule.k);
    }

    void build(const FixedTotalNumber& rule) {
        const std::uint64_t pairs =
            std::uint64_t(r_.source_size) * r_.target_size -
            (r_.same_population && !rule.allow_autapses ? r_.source_size : 0);
        if (!rule.allow_multapses && rule.n > pairs)
            throw error("n",
                        "at most " + std::to_string(pairs) + " without multapses (every pair once)",
                        std::to_string(rule.n));
        if (pairs == 0 && rule.n > 0)
            throw error("n", "0 (no eligible pair)", std::to_string(rule.n));
        // The sources, from one stream in order; a source whose targets are used up (without
        // multapses) is drawn again. Then each row draws its targets from a stream of its own.
        const std::uint32_t available =
            r_.target_size - (r_.same_population && !rule.allow_autapses ? 1 : 0);
        std::vector<std::uint32_t> count(r_.source_size, 0);
        RandomStream sources(seed_, purpose_of("connect-sources:" + r_.name), 0);
        for (std::uint64_t i = 0; i < rule.n;) {
            const auto s = static_cast<std::uint32_t>(sources.below(r_.source_size));
            if (!rule.allow_multapses && count[s] == available) continue;
            ++count[s];
            ++i;
        }
        build_rows(
            [&](std::uint32_t s, auto emit) {
                RandomStream stream(seed_, purpose_, s);
                thread_local std::vector<std::uint32_t> scratch;
                const std::int64_t excluded = r_.same_population && !rule.allow_autapses ? s : -1;
                draw(stream, count[s], r_.target_size, rule.allow_multapses, excluded, scratch,
                     emit);
            },
            rule.n);
    }

    void build(const FixedInDegree& rule) {
        check_degree(rule.k, r_.source_size, rule.allow_multapses, rule.allow_autapses, "k");
        // Drawn per target, then transposed to rows by source. Filling in ascending target
        // order leaves every row sorted. A rank of several draws only its own targets'
        // sources to keep, and the others' to count where its slice of each row lies.
        auto draw_sources = [&](std::uint32_t t, std::vector<std::uint32_t>& scratch, auto emit) {
            RandomStream stream(seed_, purpose_, t);
            const std::int64_t excluded = r_.same_population && !rule.allow_autapses ? t : -1;
            draw(stream, rule.k, r_.source_size, rule.allow_multapses, excluded, scratch, emit);
        };
        std::vector<std::uint32_t> sources(std::size_t(hi_ - lo_) * rule.k);
        tbb::parallel_for(tbb::blocked_range<std::uint32_t>(lo_, hi_, 256), [&](auto range) {
            std::vector<std::uint32_t> scratch;
            for (std::uint32_t t = range.begin(); t != range.end(); ++t) {
                std::size_t at = std::size_t(t - lo_) * rule.k;
                draw_sources(t, scratch, [&](std::uint32_t s) { sources[at++] = s; });
            }
        });
        fill_transposed(sources, rule.k);
        if (partitioned_) count_whole_rows(draw_sources);
    }

    // Where each row's slice held here lies in the whole row (partitioned fixed_indegree):
    // the synapses from targets below this rank's, and from all targets.
    template <class DrawSources> void count_whole_rows(DrawSources draw_sources) {
        using Counts = std::vector<std::uint64_t>; // below, then total, per source
        tbb::enumerable_thread_specific<Counts> counts(Counts(2 * std::size_t(r_.source_size)));
        const std::uint32_t nt = r_.target_size;
        tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, nt, 256), [&](auto range) {
            Counts& c = counts.local();
            std::vector<std::uint32_t> scratch;
            for (std::uint32_t t = range.begin(); t != range.end(); ++t) {
                if (t >= lo_ && t < hi_) continue; // counted from the rows held
                draw_sources(t, scratch, [&](std::uint32_t s) {
                    if (t < lo_) ++c[s];
                    ++c[r_.source_size + s];
                });
            }
        });
        Counts sum(2 * std::size_t(r_.source_size), 0);
        for (const Counts& c : counts)
            for (std::size_t i = 0; i < sum.size(); ++i)
                sum[i] += c[i];
        for (std::uint32_t s = 0; s < r_.source_size; ++s)
            note_row(s, sum[s], sum[r_.source_size + s] + p_.offsets[s + 1] - p_.offsets[s]);
    }

    void fill_transposed(const std::vector<std::uint32_t>& sources, std::uint32_t k) {
        p_.offsets.assign(std::size_t(r_.source_size) + 1, 0);
        for (auto s : sources)
            ++p_.offsets[s + 1];
        std::partial_sum(p_.offsets.begin(), p_.offsets.end(), p_.offsets.begin());
        std::vector<std::uint64_t> at(p_.offsets.begin(), p_.offsets.end() - 1);
        p_.targets.resize(sources.size());
        for (std::size_t j = 0; j < sources.size(); ++j)
            p_.targets[at[sources[j]]++] = static_cast<std::uint32_t>(j / k); // local ids
    }

    // An explicit projection built whole (its list is in memory anyway), cut to the slices
    // of its rows held here.
    void cut_built_rows() {
        Projection whole = std::move(p_);
        p_ = Projection{};
        p_.name = whole.name;
        p_.source_population = whole.source_population;
        p_.target_population = whole.target_population;
        p_.weight = whole.weight;
        p_.delay = whole.delay;
        p_.whole_min_delay = whole.whole_min_delay;
        p_.whole_max_delay = whole.whole_max_delay;
        p_.first_target = lo_;
        p_.offsets.assign(std::size_t(r_.source_size) + 1, 0);
        for (std::uint32_t s = 0; s < r_.source_size; ++s) {
            const auto row = whole.targets.begin();
            const auto first = row + static_cast<std::ptrdiff_t>(whole.offsets[s]);
            const auto last = row + static_cast<std::ptrdiff_t>(whole.offsets[s + 1]);
            const auto low = std::lower_bound(first, last, lo_);
            const auto high = std::lower_bound(low, last, hi_);
            for (auto it = low; it != high; ++it) {
                const auto q = static_cast<std::size_t>(it - row);
                p_.targets.push_back(*it - lo_);
                if (!whole.weights.empty()) p_.weights.push_back(whole.weights[q]);
                if (!whole.delays.empty()) p_.delays.push_back(whole.delays[q]);
            }
            p_.offsets[s + 1] = p_.targets.size();
            note_row(s, static_cast<std::uint64_t>(low - first),
                     static_cast<std::uint64_t>(last - first));
        }
    }

    void build(const SynapseList& list) {
        std::vector<ExplicitSynapse> syn = list.synapses;
        for (std::size_t j = 0; j < syn.size(); ++j) {
            const auto& e = syn[j];
            const std::string key = "synapses[" + std::to_string(j) + "]";
            if (e.source >= r_.source_size)
                throw error(key + ".source", "a neuron id below " + std::to_string(r_.source_size),
                            std::to_string(e.source));
            if (e.target >= r_.target_size)
                throw error(key + ".target", "a neuron id below " + std::to_string(r_.target_size),
                            std::to_string(e.target));
            check_weight(key + ".weight", e.weight);
            if (!std::isnan(e.delay)) check_delay(key + ".delay", e.delay);
        }
        std::stable_sort(syn.begin(), syn.end(), [](const auto& a, const auto& b) {
            return a.source != b.source ? a.source < b.source : a.target < b.target;
        });
        p_.offsets.assign(std::size_t(r_.source_size) + 1, 0);
        bool per_synapse_delay = false;
        for (const auto& e : syn) {
            ++p_.offsets[e.source + 1];
            per_synapse_delay |= !std::isnan(e.delay) && e.delay != r_.synapse.delay;
        }
        std::partial_sum(p_.offsets.begin(), p_.offsets.end(), p_.offsets.begin());
        for (const auto& e : syn) {
            p_.targets.push_back(e.target);
            p_.weights.push_back(static_cast<float>(e.weight));
            if (per_synapse_delay)
                p_.delays.push_back(std::isnan(e.delay) ? r_.synapse.delay : e.delay);
        }
        if (!p_.delays.empty()) {
            const auto [low, high] = std::minmax_element(p_.delays.begin(), p_.delays.end());
            p_.whole_min_delay = *low;
            p_.whole_max_delay = *high;
        }
        if (partitioned_) cut_built_rows();
    }

    void build(const DenseWeights& m) { // through build(SynapseList), which cuts it
        if (m.rows != r_.target_size || m.cols != r_.source_size ||
            m.w.size() != std::size_t(m.rows) * m.cols)
            throw error("weights",
                        "a matrix of " + std::to_string(r_.target_size) + " rows (targets) x " +
                            std::to_string(r_.source_size) + " columns (sources)",
                        std::to_string(m.rows) + " x " + std::to_string(m.cols));
        SynapseList list;
        for (std::uint32_t t = 0; t < m.rows; ++t)
            for (std::uint32_t s = 0; s < m.cols; ++s)
                if (double w = m.w[std::size_t(t) * m.cols + s]; w != 0.0)
                    list.synapses.push_back({s, t, w, std::nan("")});
        build(list);
    }

    const ProjectionRequest& r_;
    std::uint64_t seed_, purpose_;
    std::uint32_t lo_, hi_; // the targets this rank owns
    bool partitioned_;      // some targets are another rank's
    // Per source, when partitioned: its row's synapses below the slice held, and in all.
    std::vector<std::uint64_t> row_skip_, row_total_;
    Projection p_;
};

} // namespace

Projection build_projection(const ProjectionRequest& request, std::uint64_t seed) {
    return Builder(request, seed).build();
}

} // namespace spikesim

#pragma once
// A population of one neuron model, advanced event by event with exact spike times.
// Parameters are shared by the population unless they vary per neuron (then each neuron
// has a copy); the state of each neuron is one small struct, because an event touches all
// of a neuron's state at once. Each input (and each event of a Poisson drive) is applied
// when it is delivered, after firing any crossing that comes first; the neuron then gets a
// time before which it cannot fire, and a place in its shard's crossing calendar under that
// time's window, so that a window visits only the neurons that may fire in it.
#include "sim/cell_group.hpp"
#include "sim/crossing_calendar.hpp"
#include "sim/errors.hpp"
#include "sim/huge_page_allocator.hpp"
#include "sim/initial_potential.hpp"
#include "sim/memory_budget.hpp"
#include "sim/neuron_model.hpp"
#include "sim/random.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace spikesim {

template <NeuronModel M> class NeuronGroup final : public CellGroup {
  public:
    using Params = typename M::Params;
    using State = typename M::State;

    // `bias`: one constant input per neuron, for models whose State has a `bias` field
    // (converted ANN layers: the bias of each unit); empty means none. `per_neuron`: the
    // parameters of each neuron, checked by the model (sim/parameter_variation.hpp), when
    // they vary over the population; empty means `params` for all.
    NeuronGroup(std::uint32_t size, const Params& params, InitialPotential v0,
                std::string_view where, std::vector<double> bias = {},
                std::vector<Params> per_neuron = {})
        : CellGroup(size), where_(where), params_(params), v0_(v0), bias_(std::move(bias)),
          per_neuron_(std::move(per_neuron)) {
        if (!per_neuron_.empty() && per_neuron_.size() != size)
            throw InputError("parameters", std::string(where), "parameters for every neuron",
                             std::to_string(per_neuron_.size()) + " sets");
        // Varying parameters were checked neuron by neuron; the first neuron's stand for
        // the population's.
        if (!per_neuron_.empty()) params_ = per_neuron_[0];
        M::validate(params_, where);
        if constexpr (requires(Params & q) { M::prepare(q); })
            for (Params& q : per_neuron_)
                M::prepare(q);
        if (v0_.distribution)
            v0_.distribution->validate("parameters", std::string(where) + ".v_init");
        if constexpr (requires(Params & q) { M::prepare(q); }) M::prepare(params_);
        if (!bias_.empty()) {
            if constexpr (!requires(State s) { s.bias; })
                throw InputError("parameters", std::string(where),
                                 "no per-neuron bias (the model has none)", "a bias vector");
            if (bias_.size() != size)
                throw InputError("parameters", std::string(where) + ".bias", "one value per neuron",
                                 std::to_string(bias_.size()) + " values");
            for (double b : bias_)
                require_finite(b, where, "bias");
        }
    }

    std::string_view model() const override { return M::name; }
    bool receives_input() const override { return true; }
    const Params& params() const { return params_; }
    const State& state(std::uint32_t i) const { return cells_[i].state; }

    void initialize(std::uint64_t seed, std::string_view population) override {
        const auto purpose = purpose_of("initial-potential:" + std::string(population));
        for (std::uint32_t i = 0; i < owned(); ++i) {
            RandomStream stream(seed, purpose, first_owned() + i);
            const double v = v0_.draw(stream);
            State& s = cells_[i].state;
            s = M::initial_state(params_of(i), v);
            if constexpr (requires(State st) { st.bias; })
                if (!bias_.empty()) s.bias = bias_[i];
            bound_of(i) = s.t_last; // unknown yet: check at once
        }
        drive_.initialize(seed, population, first_owned(), owned());
    }

    void add_drive(const PoissonDrive& drive, std::string_view where) override {
        drive_.add(drive, where);
    }
    void add_membrane_noise(const MembraneNoise& noise, std::string_view where) override {
        if constexpr (has_kick)
            drive_.add(noise, where);
        else
            CellGroup::add_membrane_noise(noise, where);
    }
    DriveSchedule* drive() override { return drive_.empty() ? nullptr : &drive_; }

    void deliver(std::size_t shard, const GridWindow& w, std::span<const InputRow> rows,
                 std::vector<Spike>& out) override {
        if (drive_.empty())
            deliver_choosing<false>(shard, w, rows, out);
        else
            deliver_choosing<true>(shard, w, rows, out);
    }

    void begin_window(std::size_t shard, const GridWindow& w) override {
        CrossingCalendar& calendar = calendars_[shard];
        if (!calendar.start_period_at(w.index, grid_)) return;
        const double period_end = calendar.period_end_time();
        const Cell* const cells = cells_.data();
        const std::uint32_t end = shard_end(shard);
        for (std::uint32_t i = shard_begin(shard); i < end; ++i)
            if (cells[i].bound < period_end) calendar.file_under(i, grid_.index_of(cells[i].bound));
    }

    void finish_window(std::size_t shard, const GridWindow& w, std::vector<Spike>& out) override {
        const double horizon = grid_.start(w.index + 1);
        CrossingCalendar& calendar = calendars_[shard];
        if (probe_ && probe_->rows > 0) {
            // Probed neurons are named by their index in the population.
            const auto& probed = probe_->neurons;
            const std::uint32_t first = first_owned();
            auto it = std::lower_bound(probed.begin(), probed.end(), first + shard_begin(shard));
            for (; it != probed.end() && *it < first + shard_end(shard); ++it) {
                const std::uint32_t i = *it - first;
                sample_before(i, w.t1, horizon, out);
                if (!drive_.empty()) drive_before(i, w.t1, horizon, out);
                settle(i, w.t1, horizon, calendar, out);
            }
        }
        if (!drive_.empty()) {
            // The drive's events of the window that no input came after.
            const std::uint32_t end = shard_end(shard);
            for (std::uint32_t i = shard_begin(shard); i < end; ++i)
                if (drive_.next(i) < w.t1) {
                    drive_before(i, w.t1, horizon, out);
                    calendar.file(i, bound_of(i), grid_);
                }
        }
        auto& due = due_[shard];
        calendar.take(w.index, due);
        for (const std::uint32_t i : due) {
            if (bound_of(i) < w.t1) {
                settle(i, w.t1, horizon, calendar, out);
            } else if (bound_of(i) < horizon) {
                calendar.file_under(i, w.index); // the run ends inside this grid window
            } // else a stale entry: the bound moved on, and is filed or swept again later
        }
    }

    double next_crossing(std::uint32_t i, double horizon) const override {
        return M::next_crossing(params_of(i), cells_[i].state, horizon);
    }
    void fire(std::uint32_t i, double t) override {
        State& s = cells_[i].state;
        M::advance(params_of(i), s, std::max(t, s.t_last));
        M::fire(params_of(i), s);
    }
    // One input at a time (the serial loop): with the row factors where the windowed loop
    // uses them, so that both loops give the same spikes bit for bit.
    void receive(std::uint32_t i, double t, float weight) override {
        State& s = cells_[i].state;
        if constexpr (has_row_decay) {
            if (per_neuron_.empty() && M::row_decay_applies(params_) && t >= s.t_last) {
                M::advance_to_row(params_, s, t, M::row_decay(params_, t));
                M::receive(params_, s, weight);
                return;
            }
        }
        M::advance(params_of(i), s, std::max(t, s.t_last));
        M::receive(params_of(i), s, weight);
    }
    void kick(std::uint32_t i, double t, float dv) override {
        if constexpr (has_kick) {
            State& s = cells_[i].state;
            M::advance(params_of(i), s, std::max(t, s.t_last));
            M::kick(params_of(i), s, dv);
        } else {
            CellGroup::kick(i, t, dv);
        }
    }
    double potential_at(std::uint32_t i, double t) const override { return value_at(i, t, 0); }
    double value_at(std::uint32_t i, double t, std::size_t k) const override {
        State copy = cells_[i].state;
        M::advance(params_of(i), copy, std::max(t, copy.t_last));
        if constexpr (requires { M::variable(params_, copy, k); })
            if (k > 0) return M::variable(params_of(i), copy, k);
        return M::potential(params_of(i), copy);
    }
    std::vector<ReportVariable> state_variables() const override {
        if constexpr (requires { M::variables; }) {
            std::vector<ReportVariable> out;
            for (const auto& v : M::variables)
                out.push_back(ReportVariable{v.name, v.units});
            return out;
        }
        return {ReportVariable{}};
    }
    // Neuron i's parameters (the population's, unless they vary).
    const Params& params_of(std::uint32_t i) const {
        return per_neuron_.empty() ? params_ : per_neuron_[i];
    }

    void set_probe(MembraneProbe* probe) override {
        CellGroup::set_probe(probe);
        column_of_.clear();
        next_row_.clear();
        if (!probe) return;
        column_of_.assign(owned(), -1);
        for (std::size_t c = 0; c < probe->neurons.size(); ++c)
            if (const std::uint32_t n = probe->neurons[c];
                n >= first_owned() && n - first_owned() < owned())
                column_of_[n - first_owned()] = static_cast<std::int32_t>(c);
        next_row_.assign(probe->neurons.size(), 0);
    }

  private:
    // A neuron's state and bound sit in one cache line (for the exact models): an input
    // touches all of it, and one line per input rather than two keeps more inputs in flight
    // (at N = 100k, 1 thread: -7 % and -11 % in two sets of 5 alternating runs, against the
    // bound in an array of its own that the calendar's sweeps streamed through).
    struct alignas(64) Cell {
        State state;
        // No threshold crossing before this time (the last update: unknown yet).
        double bound;
    };
    double& bound_of(std::uint32_t i) { return cells_[i].bound; }

    // Keeps the state, the bias and the parameters of the neurons owned.
    void on_own_block() override {
        require_memory(double(owned()) * sizeof(Cell), "the neurons of " + where_, "parameters",
                       where_ + ".size");
        auto keep = [this](auto& per_neuron) {
            if (per_neuron.empty()) return;
            const auto first = per_neuron.begin() + first_owned();
            per_neuron.erase(first + owned(), per_neuron.end());
            per_neuron.erase(per_neuron.begin(), first);
        };
        keep(bias_);
        keep(per_neuron_);
        cells_.assign(owned(), Cell{});
    }

    void on_prepare_windows(std::uint64_t) override {
        calendars_.assign(shard_count(), CrossingCalendar{});
        due_.assign(shard_count(), {});
    }

    template <bool Driven>
    void deliver_choosing(std::size_t shard, const GridWindow& w, std::span<const InputRow> rows,
                          std::vector<Spike>& out) {
        const bool probed = probe_ && probe_->rows > 0;
        if (!per_neuron_.empty()) // row factors need one set of time constants
            return probed ? deliver_rows<true, false, Driven, true>(shard, w, rows, out)
                          : deliver_rows<false, false, Driven, true>(shard, w, rows, out);
        if constexpr (has_row_decay) {
            if (M::row_decay_applies(params_))
                return probed ? deliver_rows<true, true, Driven, false>(shard, w, rows, out)
                              : deliver_rows<false, true, Driven, false>(shard, w, rows, out);
        }
        probed ? deliver_rows<true, false, Driven, false>(shard, w, rows, out)
               : deliver_rows<false, false, Driven, false>(shard, w, rows, out);
    }

    // RowDecay: inputs advance with their row's factors (M::advance_to_row). Driven: the
    // population has a Poisson drive, whose events before an input are applied first.
    // Varying: each neuron has parameters of its own (per_neuron_).
    template <bool Probed, bool RowDecay, bool Driven, bool Varying>
    void deliver_rows(std::size_t shard, const GridWindow& w, std::span<const InputRow> rows,
                      std::vector<Spike>& out) {
        CrossingCalendar& calendar = calendars_[shard];
        const double horizon = grid_.start(w.index + 1);
        // Local copies: the compiler cannot tell that the neurons' states, which every
        // input writes, never overlap the members, and would load the parameters again
        // after each store.
        const Params params = params_;
        const WindowGrid grid = grid_;
        Cell* const cells = cells_.data();
        const double period_end = calendar.period_end_time();
        // Rows lie scattered over the synapse arrays, and their targets over the
        // population: fetch all of the window's rows into L2 at once (a few hundred lines),
        // each into L1 two rows ahead, and each input's state a few inputs ahead, across
        // the ends of rows (rows are often short).
        auto fetch_row = [&](std::size_t r, auto locality) {
            if (r >= rows.size()) return;
            for (std::uint32_t j = 0; j < rows[r].count; j += 16) {
                __builtin_prefetch(rows[r].targets + j, 0, decltype(locality)::value);
                if (rows[r].weights)
                    __builtin_prefetch(rows[r].weights + j, 0, decltype(locality)::value);
            }
        };
        using to_l1 = std::integral_constant<int, 3>;
        using to_l2 = std::integral_constant<int, 2>;
        constexpr int ahead = 12;
        std::size_t ahead_row = 0; // the state fetch's cursor: row, and target in it
        const std::uint32_t* ahead_target = rows.empty() ? nullptr : rows[0].targets;
        const std::uint32_t* ahead_end = rows.empty() ? nullptr : ahead_target + rows[0].count;
        auto fetch_next_state = [&] {
            while (ahead_target == ahead_end) { // only at the end of a row
                if (++ahead_row >= rows.size()) return;
                ahead_target = rows[ahead_row].targets;
                ahead_end = ahead_target + rows[ahead_row].count;
            }
            if constexpr (Driven) drive_.prefetch(*ahead_target);
            __builtin_prefetch(&cells[*ahead_target++], 1);
        };
        for (std::size_t r = 0; r < rows.size(); ++r)
            fetch_row(r, to_l2{});
        fetch_row(0, to_l1{});
        fetch_row(1, to_l1{});
        for (int k = 0; k < ahead; ++k)
            fetch_next_state();
        // One loop for each kind of row, so that a row with one weight for all its synapses
        // reads no weight per input (and its sign is known for the whole row).
        // The row's fields are copied out for the same reason as the parameters.
        auto apply_row = [&](const InputRow& row, auto weight_of) {
            const double t = row.t;
            const std::uint32_t* const targets = row.targets;
            const std::uint32_t count = row.count;
            [[maybe_unused]] const auto decay = [&] {
                if constexpr (RowDecay)
                    return M::row_decay(params, t);
                else
                    return 0; // no exponentials for a factor nobody uses
            }();
            for (std::uint32_t j = 0; j < count; ++j) {
                fetch_next_state();
                const std::uint32_t i = targets[j];
                const Params& p = [&]() -> const Params& {
                    if constexpr (Varying)
                        return per_neuron_[i];
                    else
                        return params;
                }();
                State& s = cells[i].state;
                double& bound = cells[i].bound;
                if constexpr (Probed)
                    if (column_of_[i] >= 0) sample_before(i, t, horizon, out);
                if constexpr (Driven)
                    if (drive_.next(i) < t) drive_before(i, t, horizon, out);
                // Inputs at one instant are all applied before the threshold is looked at:
                // only crossings strictly before t fire first.
                if (bound < t) fire_before(i, t, horizon, out);
                if constexpr (RowDecay) {
                    if (t >= s.t_last) M::advance_to_row(p, s, t, decay);
                } else {
                    M::advance(p, s, std::max(t, s.t_last));
                }
                M::receive(p, s, weight_of(j));
                if constexpr (integrates_to_crossing)
                    bound = M::cheap_bound(p, s); // integrated when next needed
                else
                    bound = M::next_crossing(p, s, horizon);
                if (bound < period_end) // 1 input in 10 in CUBA
                    calendar.file_under(i, grid.index_of(bound));
            }
        };
        for (std::size_t r = 0; r < rows.size(); ++r) {
            fetch_row(r + 2, to_l1{});
            const InputRow& row = rows[r];
            if (row.weights)
                apply_row(row, [weights = row.weights](std::uint32_t j) { return weights[j]; });
            else
                apply_row(row, [w = row.weight](std::uint32_t) { return w; });
        }
    }

    // Fires every threshold crossing strictly before t_stop; leaves `bound` >= t_stop.
    // Crossings are looked for up to `horizon`, the end of the grid window, whatever t_stop
    // is: a root finder's last bits depend on its bracket, and this keeps them independent
    // of where a neuron happens to be looked at (an input, a membrane sample, the end of a
    // run inside the window).
    void fire_before(std::uint32_t i, double t_stop, double horizon, std::vector<Spike>& out) {
        const Params& p = params_of(i);
        State& s = cells_[i].state;
        double& bound = bound_of(i);
        if constexpr (integrates_to_crossing) {
            // Integrated models advance as they look for the crossing, and stay there.
            if (bound >= t_stop) return;
            while (M::advance_or_cross(p, s, t_stop)) {
                M::fire(p, s);
                out.push_back(Spike{s.t_last, gid(i)});
            }
            bound = std::max(t_stop, M::cheap_bound(p, s));
            return;
        }
        while (bound < t_stop) {
            const double t = M::next_crossing(p, s, horizon);
            if (t >= t_stop) {
                bound = t;
                return;
            }
            M::advance(p, s, t);
            M::fire(p, s);
            out.push_back(Spike{t, gid(i)});
            bound = t; // unknown after the reset: look again
        }
    }

    // Applies neuron i's drive events strictly before t_stop, each after the crossings that
    // come before it (as an input is); leaves `bound` as after an input.
    void drive_before(std::uint32_t i, double t_stop, double horizon, std::vector<Spike>& out) {
        const Params& p = params_of(i);
        State& s = cells_[i].state;
        double& bound = bound_of(i);
        while (drive_.next(i) < t_stop) {
            const double t = drive_.next(i);
            if (bound < t) fire_before(i, t, horizon, out);
            M::advance(p, s, std::max(t, s.t_last));
            const DriveEvent e = drive_.take(i);
            if constexpr (has_kick) {
                if (e.kick)
                    M::kick(p, s, e.weight);
                else
                    M::receive(p, s, e.weight);
            } else {
                M::receive(p, s, e.weight);
            }
            if constexpr (integrates_to_crossing)
                bound = M::cheap_bound(p, s);
            else
                bound = M::next_crossing(p, s, horizon);
        }
    }

    // Fires neuron i's crossings before t_stop and files it under its new bound.
    void settle(std::uint32_t i, double t_stop, double horizon, CrossingCalendar& calendar,
                std::vector<Spike>& out) {
        fire_before(i, t_stop, horizon, out);
        calendar.file(i, bound_of(i), grid_);
    }

    // Takes neuron i's membrane samples of this window strictly before t_stop. A sample
    // reads a copy, so recording never changes the neuron's own arithmetic.
    void sample_before(std::uint32_t i, double t_stop, double horizon, std::vector<Spike>& out) {
        const auto column = static_cast<std::size_t>(column_of_[i]);
        const std::uint64_t row_end = probe_->first_row + probe_->rows;
        std::uint64_t row = std::max(next_row_[column], probe_->first_row);
        for (; row < row_end && probe_->time_of(row) < t_stop; ++row) {
            const double ts = probe_->time_of(row);
            if (!drive_.empty()) drive_before(i, ts, horizon, out);
            fire_before(i, ts, horizon, out);
            const auto at = (row - probe_->first_row) * probe_->neurons.size() + column;
            probe_->values[at] = static_cast<float>(value_at(i, ts, probe_->variable));
        }
        next_row_[column] = row;
    }

    // Models whose inputs share per-row factors (models/lif_exp.hpp).
    static constexpr bool has_row_decay = requires(const Params& p, State& s, double t) {
        M::advance_to_row(p, s, t, M::row_decay(p, t));
    };

    // Models whose potential membrane noise can kick (sim/membrane_noise.hpp).
    static constexpr bool has_kick = requires(const Params& p, State& s) { M::kick(p, s, 0.0f); };

    static constexpr bool integrates_to_crossing = requires(const Params& p, State& s, double t) {
        M::advance_or_cross(p, s, t);
    };

    std::string where_; // the population, for messages
    Params params_;
    InitialPotential v0_;
    std::vector<double> bias_;
    std::vector<Params> per_neuron_; // empty: params_ for every neuron
    DriveSchedule drive_;
    std::vector<Cell, HugePageAllocator<Cell>> cells_;
    std::vector<CrossingCalendar> calendars_;     // one per shard
    std::vector<std::vector<std::uint32_t>> due_; // per shard: the window's calendar entries
    std::vector<std::int32_t> column_of_;         // probe column of each neuron, or -1
    std::vector<std::uint64_t> next_row_;         // per probe column: next sample row
};

} // namespace spikesim

#pragma once
// A population of one neuron model, advanced event by event with exact spike times.
// Parameters are shared by the population; the state of each neuron is one small struct,
// because an event touches all of a neuron's state at once. The one field read for every
// neuron in every window, the time before which it cannot fire, is an array of its own so
// that the scan for neurons with work to do streams through contiguous memory.
#include "models/neuron_model.hpp"
#include "sim/cell_group.hpp"
#include "sim/errors.hpp"
#include "sim/random.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace spikesim {

// The initial membrane potential: uniform in [low, high] (a constant when they are equal).
struct InitialPotential {
    double low, high;
};

template <NeuronModel M> class NeuronGroup final : public CellGroup {
  public:
    using Params = typename M::Params;
    using State = typename M::State;

    // `bias`: one constant input per neuron, for models whose State has a `bias` field
    // (converted ANN layers: the bias of each unit); empty means none.
    NeuronGroup(std::uint32_t size, const Params& params, InitialPotential v0,
                std::string_view where, std::vector<double> bias = {})
        : CellGroup(size), params_(params), v0_(v0), bias_(std::move(bias)) {
        M::validate(params_, where);
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
        state_.resize(size);
        no_crossing_before_.resize(size);
    }

    std::string_view model() const override { return M::name; }
    bool receives_input() const override { return true; }
    const Params& params() const { return params_; }
    const State& state(std::uint32_t i) const { return state_[i]; }

    void initialize(std::uint64_t seed, std::string_view population) override {
        const auto purpose = purpose_of("initial-potential:" + std::string(population));
        for (std::uint32_t i = 0; i < size(); ++i) {
            double v = v0_.low;
            if (v0_.high > v0_.low) v = RandomStream(seed, purpose, i).uniform(v0_.low, v0_.high);
            state_[i] = M::initial_state(params_, v);
            if constexpr (requires(State s) { s.bias; })
                if (!bias_.empty()) state_[i].bias = bias_[i];
            no_crossing_before_[i] = state_[i].t_last; // unknown yet: check at once
        }
    }

    void advance_window(Window w, std::uint32_t begin, std::uint32_t end, std::uint32_t offset,
                        std::span<const Event> events, std::vector<Spike>& out) override {
        const Event* ev = events.data();
        const Event* const ev_end = ev + events.size();
        const std::uint32_t* probed = nullptr;
        const std::uint32_t* probed_end = nullptr;
        if (probe_ && probe_->rows > 0) {
            const std::uint32_t* first = probe_->neurons.data();
            probed_end = first + probe_->neurons.size();
            probed = std::lower_bound(first, probed_end, begin);
        }
        std::uint32_t i = begin;
        while (i < end) {
            // Up to the next neuron with inputs or samples, only neurons that may cross
            // threshold before the window ends have work: a tight scan of one array.
            const std::uint32_t next_input = ev != ev_end ? ev->target - offset : end;
            const std::uint32_t next_probe = probed != probed_end ? *probed : end;
            const std::uint32_t stop = std::min({next_input, next_probe, end});
            for (; i < stop; ++i)
                if (no_crossing_before_[i] < w.t1)
                    advance_neuron<false>(i, offset + i, {}, w.t1, out, 0);
            if (i == end) break;
            const Event* mine = ev;
            while (ev != ev_end && ev->target == offset + i)
                ++ev;
            const std::span<const Event> inputs(mine, ev);
            if (i == next_probe) {
                const auto column = static_cast<std::size_t>(probed - probe_->neurons.data());
                advance_neuron<true>(i, offset + i, inputs, w.t1, out, column);
                ++probed;
            } else {
                advance_neuron<false>(i, offset + i, inputs, w.t1, out, 0);
            }
            ++i;
        }
    }

    double next_crossing(std::uint32_t i, double horizon) const override {
        return M::next_crossing(params_, state_[i], horizon);
    }
    void fire(std::uint32_t i, double t) override {
        M::advance(params_, state_[i], std::max(t, state_[i].t_last));
        M::fire(params_, state_[i]);
    }
    void receive(std::uint32_t i, double t, float weight) override {
        M::advance(params_, state_[i], std::max(t, state_[i].t_last));
        M::receive(params_, state_[i], weight);
    }
    double potential_at(std::uint32_t i, double t) const override {
        State copy = state_[i];
        M::advance(params_, copy, std::max(t, copy.t_last));
        return M::potential(params_, copy);
    }

  private:
    // Fires every threshold crossing strictly before t_stop.
    void fire_until(std::uint32_t i, std::uint32_t gid, double t_stop, std::vector<Spike>& out) {
        State& s = state_[i];
        double& bound = no_crossing_before_[i];
        if constexpr (requires { M::advance_or_cross(params_, s, t_stop); }) {
            // Integrated models advance as they look for the crossing, and stay there.
            while (M::advance_or_cross(params_, s, t_stop)) {
                M::fire(params_, s);
                out.push_back(Spike{s.t_last, gid});
            }
            bound = t_stop;
            return;
        }
        while (bound < t_stop) {
            const double t = M::next_crossing(params_, s, t_stop);
            if (t >= t_stop) {
                bound = t;
                return;
            }
            M::advance(params_, s, t);
            M::fire(params_, s);
            out.push_back(Spike{t, gid});
            bound = t; // unknown after the reset: look again
        }
    }

    template <bool Sampled>
    void advance_neuron(std::uint32_t i, std::uint32_t gid, std::span<const Event> inputs,
                        double t1, std::vector<Spike>& out, std::size_t column) {
        std::uint64_t row = 0;
        if constexpr (Sampled) row = probe_->first_row;
        const std::uint64_t row_end = Sampled ? probe_->first_row + probe_->rows : 0;
        // Samples strictly before t_stop; a sample reads a copy, so recording never changes
        // the neuron's own arithmetic.
        auto sample_before = [&](double t_stop) {
            if constexpr (Sampled) {
                for (; row < row_end && probe_->time_of(row) < t_stop; ++row) {
                    const double ts = probe_->time_of(row);
                    fire_until(i, gid, ts, out);
                    const auto at = (row - probe_->first_row) * probe_->neurons.size() + column;
                    probe_->values[at] = static_cast<float>(potential_at(i, ts));
                }
            }
        };
        State& s = state_[i];
        std::size_t k = 0;
        while (k < inputs.size()) {
            const double t = std::max(inputs[k].t, s.t_last);
            sample_before(t);
            fire_until(i, gid, t, out);
            M::advance(params_, s, t);
            // Every input of this instant is applied before the threshold is looked at.
            for (const double t_in = inputs[k].t; k < inputs.size() && inputs[k].t == t_in; ++k)
                M::receive(params_, s, inputs[k].weight);
            no_crossing_before_[i] = s.t_last;
        }
        sample_before(t1);
        fire_until(i, gid, t1, out);
    }

    Params params_;
    InitialPotential v0_;
    std::vector<double> bias_;
    std::vector<State> state_;
    std::vector<double> no_crossing_before_;
};

} // namespace spikesim

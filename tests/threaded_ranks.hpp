#pragma once
// Ranks of a run over several processes played by threads of one process: a communicator
// per thread, whose collectives meet at a barrier. It lets the tests run the engine's
// exchange and its agreement on failure without MPI (and under the sanitizers).
#include "sim/communicator.hpp"

#include <barrier>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace spikesim::testing {

class ThreadedRanks {
  public:
    explicit ThreadedRanks(std::uint32_t ranks) : barrier_(ranks), slots_(ranks) {
        for (std::uint32_t r = 0; r < ranks; ++r)
            ranks_.push_back(std::make_unique<Rank>(*this, r));
    }
    // Runs body(communicator) on a thread per rank and waits for all; an exception of a
    // rank's body is kept for that rank.
    std::vector<std::exception_ptr> run(const std::function<void(Communicator&)>& body) {
        std::vector<std::exception_ptr> failures(ranks_.size());
        std::vector<std::thread> threads;
        for (std::size_t r = 0; r < ranks_.size(); ++r)
            threads.emplace_back([&, r] {
                try {
                    body(*ranks_[r]);
                } catch (...) {
                    failures[r] = std::current_exception();
                }
            });
        for (auto& t : threads)
            t.join();
        return failures;
    }

  private:
    struct Slot {
        std::vector<Spike> spikes;
        WindowStatus status;
        std::vector<std::uint64_t> words;
        std::string text;
        bool failed = false;
    };

    class Rank final : public Communicator {
      public:
        Rank(ThreadedRanks& all, std::uint32_t rank) : all_(all), rank_(rank) {}
        std::uint32_t rank() const override { return rank_; }
        std::uint32_t size() const override { return std::uint32_t(all_.slots_.size()); }
        WindowStatus exchange_spikes(std::span<const Spike> mine, WindowStatus status,
                                     std::vector<Spike>& all) override {
            mine_().spikes.assign(mine.begin(), mine.end());
            mine_().status = status;
            all_.barrier_.arrive_and_wait();
            all.clear();
            WindowStatus any;
            for (const Slot& s : all_.slots_) {
                all.insert(all.end(), s.spikes.begin(), s.spikes.end());
                any.stop |= s.status.stop;
                any.failed |= s.status.failed;
            }
            all_.barrier_.arrive_and_wait();
            return any;
        }
        void sum(std::span<std::uint64_t> values) override {
            combine(
                values, [](std::uint64_t a, std::uint64_t b) { return a + b; }, true);
        }
        void or_to_root(std::span<std::uint32_t> words) override {
            std::vector<std::uint64_t> wide(words.begin(), words.end());
            combine(
                std::span(wide), [](std::uint64_t a, std::uint64_t b) { return a | b; },
                rank_ == 0);
            if (rank_ == 0)
                for (std::size_t i = 0; i < words.size(); ++i)
                    words[i] = static_cast<std::uint32_t>(wide[i]);
        }
        void broadcast(std::string& text) override { broadcast_from(0, text); }
        void gather_to_root(std::string& bytes) override {
            mine_().text = bytes;
            all_.barrier_.arrive_and_wait();
            if (rank_ == 0) {
                bytes.clear();
                for (const Slot& s : all_.slots_)
                    bytes += s.text;
            }
            all_.barrier_.arrive_and_wait();
        }
        bool all_fail_within(double) override { return false; } // the tests agree()
        [[noreturn]] void abort(int) override { std::terminate(); }

      protected:
        std::uint32_t first_failing(bool failed) override {
            mine_().failed = failed;
            all_.barrier_.arrive_and_wait();
            std::uint32_t first = size();
            for (std::uint32_t r = size(); r-- > 0;)
                if (all_.slots_[r].failed) first = r;
            all_.barrier_.arrive_and_wait();
            return first;
        }
        void broadcast_from(std::uint32_t from, std::string& text) override {
            if (rank_ == from) mine_().text = text;
            all_.barrier_.arrive_and_wait();
            text = all_.slots_[from].text;
            all_.barrier_.arrive_and_wait();
        }

      private:
        Slot& mine_() { return all_.slots_[rank_]; }
        template <class Op> void combine(std::span<std::uint64_t> values, Op op, bool keep) {
            mine_().words.assign(values.begin(), values.end());
            all_.barrier_.arrive_and_wait();
            if (keep)
                for (std::size_t i = 0; i < values.size(); ++i) {
                    std::uint64_t v = all_.slots_[0].words[i];
                    for (std::size_t r = 1; r < all_.slots_.size(); ++r)
                        v = op(v, all_.slots_[r].words[i]);
                    values[i] = v;
                }
            all_.barrier_.arrive_and_wait();
        }
        ThreadedRanks& all_;
        std::uint32_t rank_;
    };

    std::barrier<> barrier_;
    std::vector<Slot> slots_;
    std::vector<std::unique_ptr<Rank>> ranks_;
};

} // namespace spikesim::testing

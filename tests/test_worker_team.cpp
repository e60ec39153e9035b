// The windowed loop's team of threads (sim/worker_team.hpp): every member runs once every
// round, the rounds do not overlap, members keep to their threads (or the caller's), and an
// exception on any member reaches the caller.
#include "sim/worker_team.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace spikesim;

TEST_CASE("WorkerTeam runs every member once per round, rounds one after another",
          "[worker_team]") {
    for (const std::size_t members : {1u, 2u, 4u}) {
        WorkerTeam team(members);
        REQUIRE(team.members() == members);
        std::vector<long> count(members, 0);
        std::vector<long> seen_round(members, -1);
        long round = 0;
        bool overlapping = false;
        const std::function<void(std::size_t)> work = [&](std::size_t m) {
            // Every member sees the round the caller set before run(): no member is still
            // in the previous one.
            if (seen_round[m] != round - 1) overlapping = true;
            seen_round[m] = round;
            ++count[m];
        };
        for (; round < 2000; ++round) {
            team.run(work);
            // After run() returns, every member has finished this round.
            for (std::size_t m = 0; m < members; ++m)
                REQUIRE(seen_round[m] == round);
        }
        REQUIRE_FALSE(overlapping);
        for (std::size_t m = 0; m < members; ++m)
            REQUIRE(count[m] == 2000);
    }
}

TEST_CASE("WorkerTeam: member 0 runs on the caller, member m on its own thread or the caller",
          "[worker_team]") {
    // The caller takes a member whose thread has not claimed it yet (at the start, or when
    // the system runs something else on that core); no thread ever runs another thread's
    // member.
    WorkerTeam team(3);
    const auto caller = std::this_thread::get_id();
    std::vector<std::set<std::thread::id>> ran_on(3);
    std::vector<std::thread::id> ids(3);
    for (int round = 0; round < 500; ++round) {
        team.run([&](std::size_t m) { ids[m] = std::this_thread::get_id(); });
        for (std::size_t m = 0; m < 3; ++m)
            ran_on[m].insert(ids[m]);
    }
    REQUIRE(ran_on[0] == std::set<std::thread::id>{caller});
    std::vector<std::thread::id> own;
    for (std::size_t m = 1; m < 3; ++m) {
        ran_on[m].erase(caller);
        REQUIRE(ran_on[m].size() <= 1);
        own.insert(own.end(), ran_on[m].begin(), ran_on[m].end());
    }
    if (own.size() == 2) REQUIRE(own[0] != own[1]);
}

TEST_CASE("WorkerTeam: an exception on any member is rethrown by run(), and the team goes on",
          "[worker_team]") {
    WorkerTeam team(3);
    for (const std::size_t thrower : {0u, 1u, 2u}) {
        REQUIRE_THROWS_WITH(team.run([&](std::size_t m) {
            if (m == thrower) throw std::runtime_error("member " + std::to_string(m));
        }),
                            "member " + std::to_string(thrower));
        int ran = 0;
        std::mutex mutex;
        team.run([&](std::size_t) {
            const std::lock_guard<std::mutex> lock(mutex);
            ++ran;
        });
        REQUIRE(ran == 3);
    }
}

#include "sim/communicator.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <new>
#include <optional>

namespace spikesim {
namespace {

// An exception as text another rank can rebuild it from: its kind, then its fields, each
// ended by a NUL.
std::string serialize(std::exception_ptr e) {
    auto fields = [](std::initializer_list<std::string> parts) {
        std::string s;
        for (const auto& p : parts)
            s += p + '\0';
        return s;
    };
    try {
        std::rethrow_exception(e);
    } catch (const InputError& x) {
        return fields({"input", x.source(), x.key(), x.expected(), x.got(),
                       x.line() ? std::to_string(*x.line()) : ""});
    } catch (const OutputError& x) {
        const std::string prefix = "could not write " + x.path() + ": ";
        return fields(
            {"output", x.path(), std::string(x.what()).substr(prefix.size()), x.outcome()});
    } catch (const std::bad_alloc&) {
        return fields({"memory"});
    } catch (const std::exception& x) {
        return fields({"other", x.what()});
    } catch (...) {
        return fields({"other", "an unknown exception"});
    }
}

[[noreturn]] void rethrow(std::uint32_t rank, const std::string& text) {
    std::vector<std::string> f;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = text.find('\0', at);
        f.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    f.resize(6);
    if (f[0] == "input") {
        std::optional<std::uint32_t> line;
        if (!f[5].empty()) line = static_cast<std::uint32_t>(std::stoul(f[5]));
        throw InputError(f[1], f[2], f[3], f[4], line);
    }
    if (f[0] == "output") throw OutputError(f[1], f[2], f[3]);
    if (f[0] == "memory") throw std::bad_alloc();
    throw RankFailure(rank, "on rank " + std::to_string(rank) + ": " + f[1]);
}

} // namespace

std::vector<double> from_every_rank(Communicator& communicator, std::vector<double> mine) {
    if (communicator.size() == 1) return mine;
    std::string bytes = as_bytes(mine);
    communicator.gather_to_root(bytes);
    communicator.broadcast(bytes);
    return records_from_bytes<double>(bytes);
}

std::vector<std::size_t> items_of_rank(const Communicator& communicator, std::size_t n,
                                       std::size_t every_rank_too, std::size_t root_too) {
    const Partition part = communicator.partition();
    const std::size_t first = part.first(std::uint32_t(n)), end = part.end(std::uint32_t(n));
    const std::size_t also =
        communicator.is_root() ? std::max(every_rank_too, root_too) : every_rank_too;
    std::vector<std::size_t> items;
    for (std::size_t i = 0; i < n; ++i)
        if ((i >= first && i < end) || i < also) items.push_back(i);
    return items;
}

void Communicator::agree(std::exception_ptr mine) {
    const std::uint32_t failing = first_failing(mine != nullptr);
    if (failing >= size()) return;
    std::string text = rank() == failing ? serialize(mine) : std::string();
    broadcast_from(failing, text);
    failed_together_ = true;
    if (rank() == failing) std::rethrow_exception(mine);
    rethrow(failing, text);
}

} // namespace spikesim

#include "sim/mpi/mpi_communicator.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace spikesim {
namespace {

void check(int code, const char* what) {
    if (code == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw std::runtime_error(std::string("MPI: ") + what + ": " + std::string(text, length));
}

} // namespace

MpiCommunicator::MpiCommunicator(int* argc, char*** argv) {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
        int provided = 0;
        check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    }
    // Errors come back as codes, which check() turns into exceptions that agree() shares.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rank_ = static_cast<std::uint32_t>(rank);
    size_ = static_cast<std::uint32_t>(size);
    auto* failures = new MPI_Comm;
    check(MPI_Comm_dup(MPI_COMM_WORLD, failures), "MPI_Comm_dup");
    failures_ = failures;
    request_ = new MPI_Request(MPI_REQUEST_NULL);
}

MpiCommunicator::~MpiCommunicator() {
    auto* failures = static_cast<MPI_Comm*>(failures_);
    if (failures) MPI_Comm_free(failures);
    delete failures;
    delete static_cast<MPI_Request*>(request_);
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
}

WindowStatus MpiCommunicator::exchange_spikes(std::span<const Spike> mine, WindowStatus status,
                                              std::vector<Spike>& all) {
    // Counts and flags first, in one small allgather; then the spikes.
    if (mine.size() > INT_MAX / sizeof(Spike))
        throw std::runtime_error("more than " + std::to_string(INT_MAX / sizeof(Spike)) +
                                 " spikes of one rank in one window: more than MPI can send");
    const int me[3] = {static_cast<int>(mine.size()), status.stop ? 1 : 0, status.failed ? 1 : 0};
    header_.resize(3 * std::size_t(size_));
    check(MPI_Allgather(me, 3, MPI_INT, header_.data(), 3, MPI_INT, MPI_COMM_WORLD),
          "MPI_Allgather");
    std::vector<std::size_t> counts(size_);
    WindowStatus any;
    for (std::uint32_t r = 0; r < size_; ++r) {
        counts[r] = static_cast<std::size_t>(header_[3 * r]);
        any.stop |= header_[3 * r + 1] != 0;
        any.failed |= header_[3 * r + 2] != 0;
    }
    allgather_spikes(mine, counts, all);
    return any;
}

// Every rank's `mine`, counts[r] spikes from rank r, into `all` in rank order (as bytes).
void MpiCommunicator::allgather_spikes(std::span<const Spike> mine,
                                       const std::vector<std::size_t>& counts,
                                       std::vector<Spike>& all) {
    constexpr std::size_t max_spikes = INT_MAX / sizeof(Spike);
    counts_.resize(size_);
    displacements_.resize(size_);
    std::size_t total = 0;
    for (std::uint32_t r = 0; r < size_; ++r) {
        displacements_[r] = static_cast<int>(total * sizeof(Spike));
        total += counts[r];
        if (total > max_spikes)
            throw std::runtime_error("more than " + std::to_string(max_spikes) +
                                     " spikes in one window: more than MPI can gather");
        counts_[r] = static_cast<int>(counts[r] * sizeof(Spike));
    }
    all.resize(total);
    check(MPI_Allgatherv(mine.data(), counts_[rank_], MPI_BYTE, all.data(), counts_.data(),
                         displacements_.data(), MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Allgatherv");
}

namespace {

// What leads each rank's block of the overlapped exchange.
struct BlockHeader {
    std::uint64_t count; // the rank's spikes of the window, in the block or beyond it
    std::uint32_t stop, failed;
};

} // namespace

void MpiCommunicator::begin_exchange(std::span<const Spike> mine, WindowStatus status) {
    posted_ = mine;
    const std::size_t block = sizeof(BlockHeader) + capacity_ * sizeof(Spike);
    sent_.resize(block);
    const BlockHeader header{mine.size(), status.stop, status.failed};
    std::memcpy(sent_.data(), &header, sizeof header);
    const std::size_t in_block = std::min(mine.size(), capacity_);
    if (in_block > 0)
        std::memcpy(sent_.data() + sizeof header, mine.data(), in_block * sizeof(Spike));
    received_.resize(block * size_);
    check(MPI_Iallgather(sent_.data(), static_cast<int>(block), MPI_BYTE, received_.data(),
                         static_cast<int>(block), MPI_BYTE, MPI_COMM_WORLD,
                         static_cast<MPI_Request*>(request_)),
          "MPI_Iallgather");
}

WindowStatus MpiCommunicator::end_exchange(std::vector<Spike>& all) {
    check(MPI_Wait(static_cast<MPI_Request*>(request_), MPI_STATUS_IGNORE), "MPI_Wait");
    const std::size_t block = sizeof(BlockHeader) + capacity_ * sizeof(Spike);
    std::vector<std::size_t> counts(size_);
    WindowStatus any;
    std::size_t total = 0, most = 0;
    for (std::uint32_t r = 0; r < size_; ++r) {
        BlockHeader header;
        std::memcpy(&header, received_.data() + r * block, sizeof header);
        counts[r] = static_cast<std::size_t>(header.count);
        total += counts[r];
        most = std::max(most, counts[r]);
        any.stop |= header.stop != 0;
        any.failed |= header.failed != 0;
    }
    std::vector<Spike> beyond; // the spikes beyond the blocks, in rank order
    if (most > capacity_) {
        std::vector<std::size_t> extra(size_);
        for (std::uint32_t r = 0; r < size_; ++r)
            extra[r] = counts[r] - std::min(counts[r], capacity_);
        allgather_spikes(posted_.subspan(std::min(posted_.size(), capacity_)), extra, beyond);
    }
    all.resize(total);
    std::size_t at = 0, beyond_at = 0;
    for (std::uint32_t r = 0; r < size_; ++r) {
        const std::size_t in_block = std::min(counts[r], capacity_);
        if (in_block > 0)
            std::memcpy(all.data() + at, received_.data() + r * block + sizeof(BlockHeader),
                        in_block * sizeof(Spike));
        at += in_block;
        for (std::size_t k = in_block; k < counts[r]; ++k)
            all[at++] = beyond[beyond_at++];
    }
    // Room for twice the most any rank sent, within what an int counts for all ranks.
    const std::size_t largest = (INT_MAX / size_ - sizeof(BlockHeader)) / sizeof(Spike);
    if (most > capacity_) capacity_ = std::min(2 * most, largest);
    return any;
}

void MpiCommunicator::sum(std::span<std::uint64_t> values) {
    check(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T,
                        MPI_SUM, MPI_COMM_WORLD),
          "MPI_Allreduce");
}

void MpiCommunicator::or_to_root(std::span<std::uint32_t> words) {
    const int n = static_cast<int>(words.size());
    if (rank_ == 0)
        check(MPI_Reduce(MPI_IN_PLACE, words.data(), n, MPI_UINT32_T, MPI_BOR, 0, MPI_COMM_WORLD),
              "MPI_Reduce");
    else
        check(MPI_Reduce(words.data(), nullptr, n, MPI_UINT32_T, MPI_BOR, 0, MPI_COMM_WORLD),
              "MPI_Reduce");
}

bool MpiCommunicator::all_fail_within(double seconds) {
    MPI_Request request;
    if (MPI_Ibarrier(*static_cast<MPI_Comm*>(failures_), &request) != MPI_SUCCESS) return false;
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int done = 0;
    while (!done && std::chrono::steady_clock::now() < end) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done != 0; // when not, abort() follows and ends the request with the process
}

void MpiCommunicator::abort(int status) {
    MPI_Abort(MPI_COMM_WORLD, status);
    std::exit(status); // MPI_Abort does not return; the compiler cannot know
}

void MpiCommunicator::gather_to_root(std::string& bytes) {
    if (bytes.size() > INT_MAX)
        throw std::runtime_error("more than 2 GB from one rank: more than MPI can gather");
    const int mine = static_cast<int>(bytes.size());
    std::vector<int> sizes(size_), at(size_);
    // Every rank learns the sizes, so that all refuse a total beyond MPI's counts together.
    check(MPI_Allgather(&mine, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD),
          "MPI_Allgather");
    std::size_t total = 0;
    for (std::uint32_t r = 0; r < size_; ++r) {
        at[r] = static_cast<int>(total);
        total += static_cast<std::size_t>(sizes[r]);
    }
    if (total > INT_MAX)
        throw std::runtime_error("more than 2 GB from all ranks: more than MPI can gather");
    std::string all(rank_ == 0 ? total : 0, '\0');
    check(MPI_Gatherv(bytes.data(), mine, MPI_BYTE, all.data(), sizes.data(), at.data(), MPI_BYTE,
                      0, MPI_COMM_WORLD),
          "MPI_Gatherv");
    if (rank_ == 0) bytes = std::move(all);
}

std::uint32_t MpiCommunicator::first_failing(bool failed) {
    unsigned mine = failed ? rank_ : size_, first = size_;
    check(MPI_Allreduce(&mine, &first, 1, MPI_UNSIGNED, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
    return first;
}

void MpiCommunicator::broadcast_from(std::uint32_t from, std::string& text) {
    unsigned long long size = text.size();
    const int root = static_cast<int>(from);
    check(MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD), "MPI_Bcast");
    text.resize(size);
    for (std::size_t at = 0; at < size;) { // in pieces an int can count
        const auto piece = static_cast<int>(std::min<std::size_t>(size - at, INT_MAX));
        check(MPI_Bcast(text.data() + at, piece, MPI_CHAR, root, MPI_COMM_WORLD), "MPI_Bcast");
        at += static_cast<std::size_t>(piece);
    }
}

} // namespace spikesim

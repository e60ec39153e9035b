#pragma once
// The communicator of a run on several processes launched by mpirun (MPI_COMM_WORLD).
// Only the main thread of each process calls MPI (MPI_THREAD_FUNNELED): the engine's
// worker threads and the file writer's thread never do. Built only with SPIKESIM_MPI.
#include "sim/communicator.hpp"

namespace spikesim {

class MpiCommunicator final : public Communicator {
  public:
    // Initializes MPI (once per process); finalizes it when destroyed.
    MpiCommunicator(int* argc, char*** argv);
    ~MpiCommunicator() override;
    MpiCommunicator(const MpiCommunicator&) = delete;
    MpiCommunicator& operator=(const MpiCommunicator&) = delete;

    std::uint32_t rank() const override { return rank_; }
    std::uint32_t size() const override { return size_; }
    WindowStatus exchange_spikes(std::span<const Spike> mine, WindowStatus status,
                                 std::vector<Spike>& all) override;
    // One non-blocking MPI_Iallgather of a block per rank, posted by begin_exchange: a
    // header and up to `capacity` spikes, so that no count has to be known first. Spikes
    // beyond it follow in an MPI_Allgatherv in end_exchange, and the capacity grows to
    // twice the most any rank sent (every rank sees the same counts, so all agree on it).
    void begin_exchange(std::span<const Spike> mine, WindowStatus status) override;
    WindowStatus end_exchange(std::vector<Spike>& all) override;
    void sum(std::span<std::uint64_t> values) override;
    void or_to_root(std::span<std::uint32_t> words) override;
    void broadcast(std::string& text) override { broadcast_from(0, text); }
    void gather_to_root(std::string& bytes) override;
    bool all_fail_within(double seconds) override;
    [[noreturn]] void abort(int status) override;

  protected:
    std::uint32_t first_failing(bool failed) override;
    void broadcast_from(std::uint32_t from, std::string& text) override;

  private:
    std::uint32_t rank_ = 0, size_ = 1;
    void* failures_ = nullptr; // MPI_Comm: a duplicate of the world for all_fail_within
    std::vector<int> header_, counts_, displacements_; // scratch of the exchanges
    void allgather_spikes(std::span<const Spike> mine, const std::vector<std::size_t>& counts,
                          std::vector<Spike>& all);
    // The overlapped exchange: the request in flight (an MPI_Request), its buffers, the
    // spikes posted, and the block's capacity in spikes.
    void* request_ = nullptr;
    std::vector<unsigned char> sent_, received_;
    std::span<const Spike> posted_;
    std::size_t capacity_ = 64;
};

} // namespace spikesim

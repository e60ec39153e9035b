#pragma once
// Synapses in files. Out: the built network as a SONATA edges file, one edge population per
// projection, as BMTK writes them:
//   /edges/<projection>/source_node_id  uint64, attribute node_population (source population)
//   /edges/<projection>/target_node_id  uint64, attribute node_population (target population)
//   /edges/<projection>/edge_type_id    int64 (0), edge_group_id int64 (0),
//                                       edge_group_index uint64 (0, 1, ...)
//   /edges/<projection>/0/syn_weight    float64: the weight as stored (float32), exactly
//   /edges/<projection>/0/delay         float64, ms
// In: such a file (one of its edge populations), or arrays pre, post, weight and optionally
// delay in an .npz or at the root of an HDF5 file.
#include "sim/communicator.hpp"
#include "sim/network.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim {

// Written under a temporary name and renamed into place (io/output_files.hpp); `key` names
// the path in errors (a flag). Throws InputError for a path that cannot be written,
// OutputError for a write that fails.
void write_edges(const Network& net, const std::string& path, const std::string& key);
// The same for a network built over several processes: rank 0 gathers every rank's
// synapses and writes the file one process would (errors reach every rank).
void write_edges(const Network& net, const std::string& path, const std::string& key,
                 Communicator& comm);

struct EdgeArrays {
    std::vector<std::uint64_t> pre, post;
    std::vector<double> weight;
    std::vector<double> delay; // empty: the file gives none
};

// `population`: the edge population of a SONATA file (empty: the file's only one). Throws
// InputError naming the file and the array: a missing array, lengths that differ, ids that
// are not whole numbers >= 0, weights or delays that are not finite.
EdgeArrays read_edges(const std::string& path, const std::string& population);

} // namespace spikesim

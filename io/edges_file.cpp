#include "io/edges_file.hpp"

#include "io/hdf5_handle.hpp"
#include "io/npz_file.hpp"
#include "io/output_files.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace spikesim {
namespace {

// SONATA names the node population of an id dataset in its attribute node_population.
void label_nodes(hid_t group, const std::string& dataset, const std::string& population) {
    const hdf5::Handle d(H5Dopen2(group, dataset.c_str(), H5P_DEFAULT), H5Dclose, dataset);
    hdf5::write_attribute(d.get(), "node_population", population);
}

// One synapse, numbered as in the whole projection.
struct EdgeRecord {
    std::uint64_t index;
    std::uint32_t source, target; // in their populations
    double weight, delay;
};

// The whole projection's synapses, in its order, on rank 0 (each rank holds those onto its
// own neurons); none on the other ranks.
std::vector<EdgeRecord> gather_edges(const Projection& p, Communicator& comm) {
    std::vector<EdgeRecord> mine;
    mine.reserve(p.synapse_count());
    for (std::uint32_t s = 0; s < p.source_count(); ++s)
        for (std::uint64_t q = p.offsets[s]; q < p.offsets[s + 1]; ++q)
            mine.push_back({p.whole_index(s, q), s, p.first_target + p.targets[q],
                            double(p.weight_of(q)), p.delay_of(q)});
    if (comm.size() == 1) return mine;
    std::string bytes = as_bytes(mine);
    comm.gather_to_root(bytes);
    if (!comm.is_root()) return {};
    auto all = records_from_bytes<EdgeRecord>(bytes);
    std::sort(all.begin(), all.end(),
              [](const EdgeRecord& a, const EdgeRecord& b) { return a.index < b.index; });
    return all;
}

void write_population(hid_t edges, const Network& net, const Projection& p,
                      const std::vector<EdgeRecord>& records) {
    const auto group = hdf5::create_group(edges, p.name);
    std::vector<std::uint64_t> pre, post, index;
    std::vector<double> weight, delay;
    for (const EdgeRecord& e : records) {
        pre.push_back(e.source);
        post.push_back(e.target);
        weight.push_back(e.weight);
        delay.push_back(e.delay);
        index.push_back(index.size());
    }
    hdf5::write_vector(group.get(), "source_node_id", pre);
    hdf5::write_vector(group.get(), "target_node_id", post);
    label_nodes(group.get(), "source_node_id", net.populations()[p.source_population].name);
    label_nodes(group.get(), "target_node_id", net.populations()[p.target_population].name);
    const std::vector<std::uint32_t> zeros(pre.size(), 0);
    hdf5::write_vector(group.get(), "edge_type_id", zeros);
    hdf5::write_vector(group.get(), "edge_group_id", zeros);
    hdf5::write_vector(group.get(), "edge_group_index", index);
    const auto attrs = hdf5::create_group(group.get(), "0");
    hdf5::write_vector(attrs.get(), "syn_weight", weight);
    hdf5::write_vector(attrs.get(), "delay", delay);
}

std::vector<std::uint64_t> ids(const std::string& path, const std::string& name,
                               const std::vector<double>& values) {
    std::vector<std::uint64_t> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!(v >= 0 && v < 4294967296.0 && v == std::floor(v)))
            throw InputError(path, name + "[" + std::to_string(i) + "]",
                             "a neuron id (a whole number from 0 to 4294967295)", format_number(v));
        out[i] = std::uint64_t(v);
    }
    return out;
}

void require_finite(const std::string& path, const std::string& name,
                    const std::vector<double>& v) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            throw InputError(path, name + "[" + std::to_string(i) + "]", "a finite number",
                             format_number(v[i]));
}

// `sonata`: messages name the arrays as the SONATA datasets (else pre, post, weight, delay).
EdgeArrays checked(const std::string& path, const std::string& prefix, std::vector<double> pre,
                   std::vector<double> post, std::vector<double> weight, std::vector<double> delay,
                   bool sonata) {
    // Plain strings, not a structured binding: clang 14 cannot capture those in a lambda.
    const std::string pre_name = prefix + (sonata ? "source_node_id" : "pre");
    const std::string post_name = prefix + (sonata ? "target_node_id" : "post");
    const std::string weight_name = prefix + (sonata ? "0/syn_weight" : "weight");
    const std::string delay_name = prefix + (sonata ? "0/delay" : "delay");
    const std::size_t n = pre.size();
    auto same_length = [&](const std::string& name, std::size_t m) {
        if (m != n)
            throw InputError(path, name, std::to_string(n) + " values (as " + pre_name + ")",
                             std::to_string(m) + " values");
    };
    same_length(post_name, post.size());
    same_length(weight_name, weight.size());
    if (!delay.empty()) same_length(delay_name, delay.size());
    require_finite(path, weight_name, weight);
    require_finite(path, delay_name, delay);
    for (std::size_t i = 0; i < delay.size(); ++i)
        if (delay[i] < 0)
            throw InputError(path, delay_name + "[" + std::to_string(i) + "]", "a delay >= 0 (ms)",
                             format_number(delay[i]));
    return EdgeArrays{ids(path, pre_name, pre), ids(path, post_name, post), std::move(weight),
                      std::move(delay)};
}

EdgeArrays read_npz_edges(const std::string& path) {
    auto arrays = read_npz(path);
    auto take = [&](const std::string& name, bool required) {
        const auto it = arrays.find(name);
        if (it == arrays.end()) {
            if (required)
                throw InputError(path, name, "arrays pre, post, weight (and optionally delay)",
                                 "no array " + name);
            return std::vector<double>{};
        }
        if (it->second.shape.size() != 1)
            throw InputError(path, name, "a 1-D array",
                             std::to_string(it->second.shape.size()) + " dimensions");
        return std::move(it->second.values);
    };
    return checked(path, "", take("pre", true), take("post", true), take("weight", true),
                   take("delay", false), false);
}

EdgeArrays read_hdf5_edges(const std::string& path, const std::string& population) {
    auto file = hdf5::open_file_read(path);
    if (!hdf5::exists(file.get(), "edges")) {
        auto maybe = [&](const std::string& name) {
            return hdf5::exists(file.get(), name) ? hdf5::read_doubles(file.get(), name)
                                                  : std::vector<double>{};
        };
        for (const char* name : {"pre", "post", "weight"})
            if (!hdf5::exists(file.get(), name))
                throw InputError(path, name,
                                 "a SONATA edges file (/edges/<name>) or datasets pre, post, "
                                 "weight (and optionally delay)",
                                 std::string("no dataset ") + name);
        return checked(path, "", hdf5::read_doubles(file.get(), "pre"),
                       hdf5::read_doubles(file.get(), "post"),
                       hdf5::read_doubles(file.get(), "weight"), maybe("delay"), false);
    }
    const auto names = hdf5::list(file.get(), "edges");
    std::string name = population;
    if (name.empty()) {
        if (names.size() != 1) {
            std::string all;
            for (const auto& n : names)
                all += (all.empty() ? "" : ", ") + n;
            throw InputError(path, "/edges",
                             "one edge population, or `edges` naming one of: " + all,
                             std::to_string(names.size()) + " populations");
        }
        name = names.front();
    }
    const std::string prefix = "/edges/" + name + "/";
    if (!hdf5::exists(file.get(), "edges/" + name))
        throw InputError(path, "/edges/" + name, "an edge population of the file",
                         "none of that name");
    for (const char* d : {"source_node_id", "target_node_id", "0/syn_weight"})
        if (!hdf5::exists(file.get(), "edges/" + name + "/" + d))
            throw InputError(path, prefix + d, "a dataset of the SONATA edges layout", "none");
    const auto group = hdf5::open_group(file.get(), "edges/" + name);
    auto delays = hdf5::exists(group.get(), "0/delay") ? hdf5::read_doubles(group.get(), "0/delay")
                                                       : std::vector<double>{};
    return checked(path, prefix, hdf5::read_doubles(group.get(), "source_node_id"),
                   hdf5::read_doubles(group.get(), "target_node_id"),
                   hdf5::read_doubles(group.get(), "0/syn_weight"), std::move(delays), true);
}

void write_edges_file(const Network& net, const std::vector<std::vector<EdgeRecord>>& records,
                      const std::string& path, const std::string& key) {
    check_output_path(path, key);
    const std::string target = output_target(path);
    const std::string temporary = temporary_path_next_to(target);
    hdf5::Handle file;
    try {
        file = hdf5::create_file(temporary);
    } catch (const std::runtime_error&) {
        throw InputError(path, key, "a path where an HDF5 file can be created", "HDF5 refused it");
    }
    try {
        as_output_error(path, OutputError::nothing_written, [&] {
            hdf5::write_attribute(file.get(), "program", std::string("spikesim"));
            const auto edges = hdf5::create_group(file.get(), "edges");
            for (std::size_t j = 0; j < records.size(); ++j)
                write_population(edges.get(), net, net.projections()[j], records[j]);
            close_into_place(file, temporary, target);
        });
    } catch (...) {
        file.reset();
        std::remove(temporary.c_str());
        throw;
    }
}

} // namespace

void write_edges(const Network& net, const std::string& path, const std::string& key) {
    SingleProcess alone;
    write_edges(net, path, key, alone);
}

void write_edges(const Network& net, const std::string& path, const std::string& key,
                 Communicator& comm) {
    std::vector<std::vector<EdgeRecord>> records;
    for (const auto& p : net.projections())
        records.push_back(gather_edges(p, comm));
    on_root(comm, [&] { write_edges_file(net, records, path, key); });
}

EdgeArrays read_edges(const std::string& path, const std::string& population) {
    if (!std::ifstream(path))
        throw InputError(path, "", "a readable edges file", "a file that cannot be opened");
    if (looks_like_npz(path)) return read_npz_edges(path);
    try {
        return read_hdf5_edges(path, population);
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path, "", "an HDF5 edges file or an .npz of pre, post, weight", e.what());
    }
}

} // namespace spikesim

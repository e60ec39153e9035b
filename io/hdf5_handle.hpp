#pragma once
// Thin RAII over the HDF5 C library: handles that close themselves, attributes, and
// chunked, compressed datasets that grow along their first dimension.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace spikesim::hdf5 {

class Handle {
  public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what);
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    void reset();
    hid_t get() const { return id_; }
    explicit operator bool() const { return id_ >= 0; }

  private:
    hid_t id_ = -1;
    herr_t (*close_)(hid_t) = nullptr;
};

// HDF5 prints its own error stacks unless told not to; spikesim reports errors itself.
void silence_errors();
// Files are closed by their owners. HDF5's own clean-up at exit would close again a file
// whose last write failed (a full disk), and crashes doing so in HDF5 1.10. Call before
// any other HDF5 function (first thing in main); later it has no effect.
void skip_cleanup_at_exit();

Handle create_file(const std::string& path);
Handle open_file_write(const std::string& path); // an existing file, read-write
// Names of the links directly under the group at `path`, in name order.
std::vector<std::string> list(hid_t parent, const std::string& path);
void remove(hid_t parent, const std::string& path);
bool has_attribute(hid_t object, const std::string& name);
Handle open_file_read(const std::string& path);
Handle create_group(hid_t parent, const std::string& path); // with intermediate groups
Handle open_group(hid_t parent, const std::string& path);
bool exists(hid_t parent, const std::string& path);

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
// An HDF5 enumeration of 8-bit members (as SONATA's spike `sorting` is), set to `value`.
void write_enum_attribute(hid_t object, const std::string& name,
                          const std::vector<std::pair<std::string, std::int8_t>>& members,
                          std::int8_t value);
// The member name of an enumeration attribute.
std::string read_enum_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);
std::int64_t read_int_attribute(hid_t object, const std::string& name);

// How a growing dataset's chunks are stored, losslessly in every case:
//   deflate  byte shuffle, then zlib at level 1 (any type);
//   packing  HDF5's scale-offset filter in its integer mode: each chunk's values minus its
//            minimum, in as few bits as the chunk's range needs. For integers of a small
//            range (node ids) it packs about as tightly as deflate at a small part of the cost;
//   none     as they are. Spike times deflate to only about 2/3 of their size, at a cost of
//            several percent of a simulation's time.
// Every reader of HDF5 (h5py, Neo, BMTK) undoes all three: the filters are built in.
enum class Compression { deflate, packing, none };

// A dataset of `type` with shape [0 x columns...] growing along the first dimension.
class GrowingDataset {
  public:
    GrowingDataset() = default;
    GrowingDataset(hid_t parent, const std::string& name, hid_t type, std::size_t columns,
                   std::size_t chunk_rows, Compression compression = Compression::deflate);
    void append(const void* data, std::size_t rows);
    hid_t get() const { return dataset_.get(); }
    std::size_t rows() const { return rows_; }

  private:
    Handle dataset_;
    hid_t type_ = -1;
    std::size_t columns_ = 0, rows_ = 0;
};

void write_vector(hid_t parent, const std::string& name, std::span<const double> values);
void write_vector(hid_t parent, const std::string& name, std::span<const std::uint64_t> values);
void write_vector(hid_t parent, const std::string& name, std::span<const std::uint32_t> values);
// A [rows x cols] float64 dataset from row-major values.
void write_matrix(hid_t parent, const std::string& name, std::size_t rows, std::size_t cols,
                  const double* row_major);
std::vector<double> read_doubles(hid_t parent, const std::string& name); // any shape, row-major
std::vector<std::uint64_t> read_uint64s(hid_t parent, const std::string& name);
std::vector<float> read_floats(hid_t parent, const std::string& name);
std::vector<hsize_t> shape(hid_t parent, const std::string& name);

} // namespace spikesim::hdf5

#include "io/hdf5_handle.hpp"

#include <stdexcept>

namespace spikesim::hdf5 {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("HDF5: could not " + what);
}

void check(herr_t status, const std::string& what) {
    if (status < 0) fail(what);
}

template <class T> std::vector<T> read_all(hid_t parent, const std::string& name, hid_t type) {
    Handle d(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    Handle space(H5Dget_space(d.get()), H5Sclose, "read the shape of " + name);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    std::vector<T> out(static_cast<std::size_t>(n));
    if (n > 0)
        check(H5Dread(d.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read " + name);
    return out;
}

template <class T>
void write_1d(hid_t parent, const std::string& name, std::span<const T> values, hid_t file_type,
              hid_t mem_type) {
    const hsize_t n = values.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "make a dataspace");
    Handle d(H5Dcreate2(parent, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT),
             H5Dclose, "create dataset " + name);
    if (n > 0)
        check(H5Dwrite(d.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "write " + name);
}

Handle string_type() {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
    check(H5Tset_size(t.get(), H5T_VARIABLE), "make a string type");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "make a string type");
    return t;
}

template <class T>
void write_scalar_attribute(hid_t object, const std::string& name, hid_t type, const T& value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace");
    if (H5Aexists(object, name.c_str()) > 0)
        check(H5Adelete(object, name.c_str()), "replace attribute " + name);
    Handle a(H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose, "create attribute " + name);
    check(H5Awrite(a.get(), type, &value), "write attribute " + name);
}

} // namespace

Handle::Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) fail(what);
}

Handle& Handle::operator=(Handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_;
        close_ = o.close_;
        o.id_ = -1;
    }
    return *this;
}

void Handle::reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = -1;
}

void silence_errors() {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

void skip_cleanup_at_exit() {
    H5dont_atexit();
}

Handle create_file(const std::string& path) {
    silence_errors();
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                  "create " + path);
}

Handle open_file_write(const std::string& path) {
    silence_errors();
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                  "open " + path + " for writing");
}

std::vector<std::string> list(hid_t parent, const std::string& path) {
    Handle g = open_group(parent, path);
    H5G_info_t info;
    check(H5Gget_info(g.get(), &info), "list " + path);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t n = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr,
                                             0, H5P_DEFAULT);
        if (n < 0) fail("list " + path);
        std::string name(static_cast<std::size_t>(n), '\0');
        H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                           std::size_t(n) + 1, H5P_DEFAULT);
        names.push_back(name);
    }
    return names;
}

void remove(hid_t parent, const std::string& path) {
    check(H5Ldelete(parent, path.c_str(), H5P_DEFAULT), "remove " + path);
}

bool has_attribute(hid_t object, const std::string& name) {
    return H5Aexists(object, name.c_str()) > 0;
}

Handle open_file_read(const std::string& path) {
    silence_errors();
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
}

Handle create_group(hid_t parent, const std::string& path) {
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "make a property list");
    check(H5Pset_create_intermediate_group(lcpl.get(), 1), "set link creation");
    return Handle(H5Gcreate2(parent, path.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "create group " + path);
}

Handle open_group(hid_t parent, const std::string& path) {
    return Handle(H5Gopen2(parent, path.c_str(), H5P_DEFAULT), H5Gclose, "open group " + path);
}

bool exists(hid_t parent, const std::string& path) {
    // H5Lexists checks one link at a time: walk the path.
    std::string prefix;
    std::size_t start = path.front() == '/' ? 1 : 0;
    if (start) prefix = "/";
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        prefix += path.substr(start, end - start);
        if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (end == std::string::npos) break;
        prefix += "/";
        start = end + 1;
    }
    return true;
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    Handle t = string_type();
    const char* c = value.c_str();
    write_scalar_attribute(object, name, t.get(), c);
}

void write_attribute(hid_t object, const std::string& name, double value) {
    write_scalar_attribute(object, name, H5T_NATIVE_DOUBLE, value);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
    write_scalar_attribute(object, name, H5T_NATIVE_INT64, value);
}

void write_enum_attribute(hid_t object, const std::string& name,
                          const std::vector<std::pair<std::string, std::int8_t>>& members,
                          std::int8_t value) {
    Handle t(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "make an enumeration type");
    for (const auto& [member, number] : members)
        check(H5Tenum_insert(t.get(), member.c_str(), &number), "define enumeration " + name);
    write_scalar_attribute(object, name, t.get(), value);
}

std::string read_enum_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle t(H5Aget_type(a.get()), H5Tclose, "type of attribute " + name);
    if (H5Tget_class(t.get()) != H5T_ENUM)
        throw std::runtime_error(name + " is not an enumeration");
    Handle native(H5Tget_native_type(t.get(), H5T_DIR_ASCEND), H5Tclose, "native type of " + name);
    std::vector<unsigned char> value(H5Tget_size(native.get()));
    check(H5Aread(a.get(), native.get(), value.data()), "read attribute " + name);
    char member[64] = {};
    check(H5Tenum_nameof(native.get(), value.data(), member, sizeof member),
          "name the value of " + name);
    return member;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle t = string_type();
    char* text = nullptr;
    check(H5Aread(a.get(), t.get(), &text), "read attribute " + name);
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
}

double read_double_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    double v = 0;
    check(H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v), "read attribute " + name);
    return v;
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
    Handle a(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    std::int64_t v = 0;
    check(H5Aread(a.get(), H5T_NATIVE_INT64, &v), "read attribute " + name);
    return v;
}

GrowingDataset::GrowingDataset(hid_t parent, const std::string& name, hid_t type,
                               std::size_t columns, std::size_t chunk_rows, Compression compression)
    : type_(type), columns_(columns) {
    const int rank = columns > 0 ? 2 : 1;
    const hsize_t dims[2] = {0, columns};
    const hsize_t max_dims[2] = {H5S_UNLIMITED, columns};
    const hsize_t chunk[2] = {chunk_rows, columns};
    Handle space(H5Screate_simple(rank, dims, max_dims), H5Sclose, "make a dataspace");
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make a property list");
    check(H5Pset_chunk(dcpl.get(), rank, chunk), "set chunking of " + name);
    if (compression == Compression::packing) {
        if (H5Zfilter_avail(H5Z_FILTER_SCALEOFFSET) > 0)
            check(H5Pset_scaleoffset(dcpl.get(), H5Z_SO_INT, H5Z_SO_INT_MINBITS_DEFAULT),
                  "set packing of " + name);
    } else if (compression == Compression::deflate) {
        if (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0)
            check(H5Pset_shuffle(dcpl.get()), "set shuffle");
        if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0)
            check(H5Pset_deflate(dcpl.get(), 1), "set compression");
    }
    dataset_ = Handle(
        H5Dcreate2(parent, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
}

void GrowingDataset::append(const void* data, std::size_t rows) {
    if (rows == 0) return;
    const int rank = columns_ > 0 ? 2 : 1;
    const hsize_t new_dims[2] = {rows_ + rows, columns_};
    check(H5Dset_extent(dataset_.get(), new_dims), "extend a dataset");
    Handle file_space(H5Dget_space(dataset_.get()), H5Sclose, "get a dataspace");
    const hsize_t start[2] = {rows_, 0};
    const hsize_t count[2] = {rows, columns_};
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
          "select rows");
    Handle mem_space(H5Screate_simple(rank, count, nullptr), H5Sclose, "make a dataspace");
    check(H5Dwrite(dataset_.get(), type_, mem_space.get(), file_space.get(), H5P_DEFAULT, data),
          "append rows");
    rows_ += rows;
}

void write_vector(hid_t parent, const std::string& name, std::span<const double> values) {
    write_1d(parent, name, values, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}
void write_vector(hid_t parent, const std::string& name, std::span<const std::uint64_t> values) {
    write_1d(parent, name, values, H5T_STD_U64LE, H5T_NATIVE_UINT64);
}
void write_vector(hid_t parent, const std::string& name, std::span<const std::uint32_t> values) {
    write_1d(parent, name, values, H5T_STD_U32LE, H5T_NATIVE_UINT32);
}
void write_matrix(hid_t parent, const std::string& name, std::size_t rows, std::size_t cols,
                  const double* row_major) {
    const hsize_t dims[2] = {rows, cols};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "make a dataspace");
    Handle d(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT),
             H5Dclose, "create dataset " + name);
    if (rows * cols > 0)
        check(H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, row_major),
              "write " + name);
}

std::vector<double> read_doubles(hid_t parent, const std::string& name) {
    return read_all<double>(parent, name, H5T_NATIVE_DOUBLE);
}
std::vector<std::uint64_t> read_uint64s(hid_t parent, const std::string& name) {
    return read_all<std::uint64_t>(parent, name, H5T_NATIVE_UINT64);
}
std::vector<float> read_floats(hid_t parent, const std::string& name) {
    return read_all<float>(parent, name, H5T_NATIVE_FLOAT);
}

std::vector<hsize_t> shape(hid_t parent, const std::string& name) {
    Handle d(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    Handle space(H5Dget_space(d.get()), H5Sclose, "read the shape of " + name);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
}

} // namespace spikesim::hdf5

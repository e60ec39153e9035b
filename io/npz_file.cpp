#include "io/npz_file.hpp"

#include "sim/errors.hpp"

#include <zlib.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>

namespace spikesim {
namespace {

constexpr std::size_t max_file_bytes = std::size_t(1) << 30;

// A bounds-checked view of the file's bytes; every read past the end is an InputError.
class Bytes {
  public:
    Bytes(const std::string& path, std::vector<unsigned char> data)
        : path_(path), data_(std::move(data)) {}
    std::size_t size() const { return data_.size(); }
    std::uint32_t u16(std::size_t at) const { return std::uint32_t(le(at, 2)); }
    std::uint32_t u32(std::size_t at) const { return std::uint32_t(le(at, 4)); }
    const unsigned char* span(std::size_t at, std::size_t n, const std::string& what) const {
        if (at > data_.size() || n > data_.size() - at) throw damaged(what + " runs past the end");
        return data_.data() + at;
    }
    InputError damaged(const std::string& detail) const {
        return InputError(path_, "", "a NumPy .npz file (np.savez)",
                          "a damaged archive: " + detail);
    }

  private:
    std::uint64_t le(std::size_t at, std::size_t n) const {
        const unsigned char* p = span(at, n, "a ZIP header");
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i)
            v |= std::uint64_t(p[i]) << (8 * i);
        return v;
    }
    const std::string& path_;
    std::vector<unsigned char> data_;
};

std::vector<unsigned char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw InputError(path, "", "a readable NumPy .npz file", "a file that cannot be opened");
    const auto size = static_cast<std::size_t>(in.tellg());
    if (size > max_file_bytes)
        throw InputError(path, "", "an .npz file of at most 1 GiB",
                         std::to_string(size) + " bytes");
    std::vector<unsigned char> data(size);
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(data.data()), std::streamsize(size)))
        throw InputError(path, "", "a readable NumPy .npz file", "a read error");
    return data;
}

std::vector<unsigned char> inflate_raw(const Bytes& b, const unsigned char* in, std::size_t n,
                                       std::size_t out_size, const std::string& name) {
    std::vector<unsigned char> out(out_size);
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw b.damaged("zlib could not start");
    z.next_in = const_cast<unsigned char*>(in);
    z.avail_in = uInt(n);
    z.next_out = out.data();
    z.avail_out = uInt(out_size);
    const int rc = inflate(&z, Z_FINISH);
    const std::size_t produced = out_size - z.avail_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END || produced != out_size)
        throw b.damaged(name + " does not inflate to its stated size");
    return out;
}

// The value of `key` in a .npy header dict: {'descr': '<f8', 'fortran_order': False, 'shape': (3,
// 4), }
std::string header_value(const std::string& header, const std::string& key) {
    const auto at = header.find("'" + key + "'");
    if (at == std::string::npos) return {};
    auto colon = header.find(':', at);
    if (colon == std::string::npos) return {};
    auto start = header.find_first_not_of(' ', colon + 1);
    if (start == std::string::npos) return {};
    const char open = header[start];
    const char close = open == '(' ? ')' : open == '\'' ? '\'' : ',';
    const auto end = header.find(close, start + 1);
    if (end == std::string::npos) return {};
    return header.substr(start, end - start + (close == ',' ? 0 : 1));
}

struct Dtype {
    char kind;
    std::size_t size;
    bool big_endian;
};

template <class T> double load(const unsigned char* p, bool swap) {
    unsigned char raw[sizeof(T)];
    std::memcpy(raw, p, sizeof(T));
    if (swap)
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
            std::swap(raw[i], raw[sizeof(T) - 1 - i]);
    T v;
    std::memcpy(&v, raw, sizeof(T));
    return double(v);
}

double element(const unsigned char* p, const Dtype& d) {
    const bool swap = d.big_endian != (std::endian::native == std::endian::big);
    switch (d.kind) {
    case 'f':
        return d.size == 8 ? load<double>(p, swap) : load<float>(p, swap);
    case 'i':
        return d.size == 8   ? load<std::int64_t>(p, swap)
               : d.size == 4 ? load<std::int32_t>(p, swap)
               : d.size == 2 ? load<std::int16_t>(p, swap)
                             : load<std::int8_t>(p, swap);
    default: // 'u', 'b'
        return d.size == 8   ? load<std::uint64_t>(p, swap)
               : d.size == 4 ? load<std::uint32_t>(p, swap)
               : d.size == 2 ? load<std::uint16_t>(p, swap)
                             : load<std::uint8_t>(p, swap);
    }
}

NpyArray parse_npy(const std::string& path, const std::string& name,
                   const std::vector<unsigned char>& npy) {
    auto bad = [&](const std::string& got) {
        return InputError(path, name,
                          "a .npy array of numbers (float64, float32, integers or bool)", got);
    };
    if (npy.size() < 10 || std::memcmp(npy.data(), "\x93NUMPY", 6) != 0)
        throw bad("no .npy header");
    const unsigned major = npy[6];
    std::size_t header_len = 0, offset = 0;
    if (major == 1) {
        header_len = npy[8] | (std::size_t(npy[9]) << 8);
        offset = 10;
    } else if ((major == 2 || major == 3) && npy.size() >= 12) {
        header_len = npy[8] | (std::size_t(npy[9]) << 8) | (std::size_t(npy[10]) << 16) |
                     (std::size_t(npy[11]) << 24);
        offset = 12;
    } else {
        throw bad(".npy format version " + std::to_string(major));
    }
    if (header_len > npy.size() - offset) throw bad("a header longer than the array");
    const std::string header(reinterpret_cast<const char*>(npy.data() + offset), header_len);
    const std::string descr = header_value(header, "descr");
    if (descr.size() != 5 || descr.front() != '\'' ||
        std::string("<>|=").find(descr[1]) == std::string::npos ||
        std::string("fiub").find(descr[2]) == std::string::npos)
        throw bad("dtype " + (descr.empty() ? std::string("(none)") : descr));
    const Dtype d{descr[2] == 'b' ? 'u' : descr[2], std::size_t(descr[3] - '0'), descr[1] == '>'};
    const bool valid_size = d.kind == 'f'
                                ? (d.size == 4 || d.size == 8)
                                : (d.size == 1 || d.size == 2 || d.size == 4 || d.size == 8);
    if (!valid_size) throw bad("dtype " + descr);
    const bool fortran = header_value(header, "fortran_order").rfind("True", 0) == 0;
    const std::string shape_text = header_value(header, "shape");
    if (shape_text.size() < 2 || shape_text.front() != '(') throw bad("no shape");
    NpyArray a;
    std::size_t count = 1;
    for (std::size_t i = 1; i + 1 < shape_text.size();) {
        while (i + 1 < shape_text.size() && (shape_text[i] == ' ' || shape_text[i] == ','))
            ++i;
        if (i + 1 >= shape_text.size()) break;
        std::size_t dim = 0, digits = 0;
        for (; i + 1 < shape_text.size() && shape_text[i] >= '0' && shape_text[i] <= '9';
             ++i, ++digits) {
            if (dim > (std::numeric_limits<std::size_t>::max() - 9) / 10)
                throw bad("a shape too large");
            dim = dim * 10 + std::size_t(shape_text[i] - '0');
        }
        if (digits == 0) throw bad("shape " + shape_text);
        if (dim != 0 && count > std::numeric_limits<std::size_t>::max() / dim)
            throw bad("a shape too large");
        count *= dim;
        a.shape.push_back(dim);
    }
    const std::size_t data_bytes = npy.size() - offset - header_len;
    if (count > data_bytes / d.size)
        throw bad("fewer bytes than its shape " + shape_text + " needs");
    a.values.resize(count);
    const unsigned char* data = npy.data() + offset + header_len;
    for (std::size_t k = 0; k < count; ++k)
        a.values[k] = element(data + k * d.size, d);
    if (fortran && a.shape.size() == 2) { // to C order
        std::vector<double> c(count);
        const std::size_t rows = a.shape[0], cols = a.shape[1];
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t col = 0; col < cols; ++col)
                c[r * cols + col] = a.values[col * rows + r];
        a.values = std::move(c);
    } else if (fortran && a.shape.size() > 2) {
        throw bad("a Fortran-ordered array of more than two dimensions");
    }
    return a;
}

} // namespace

bool looks_like_npz(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    return in.read(magic, 4) && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

std::map<std::string, NpyArray> read_npz(const std::string& path) {
    const Bytes b(path, read_file(path));
    // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
    std::size_t eocd = std::string::npos;
    for (std::size_t back = 22; back <= b.size() && back <= 22 + 65535; ++back)
        if (b.u32(b.size() - back) == 0x06054b50) {
            eocd = b.size() - back;
            break;
        }
    if (eocd == std::string::npos) throw b.damaged("no end of central directory");
    const std::size_t entries = b.u16(eocd + 10);
    std::size_t at = b.u32(eocd + 16);
    std::map<std::string, NpyArray> arrays;
    for (std::size_t e = 0; e < entries; ++e) {
        if (b.u32(at) != 0x02014b50) throw b.damaged("a central directory entry is missing");
        const std::uint32_t method = b.u16(at + 10), packed = b.u32(at + 20), size = b.u32(at + 24);
        const std::size_t name_len = b.u16(at + 28), extra = b.u16(at + 30),
                          comment = b.u16(at + 32);
        const std::size_t local = b.u32(at + 42);
        const std::string file(reinterpret_cast<const char*>(b.span(at + 46, name_len, "a name")),
                               name_len);
        at += 46 + name_len + extra + comment;
        if (packed == 0xFFFFFFFFu || size == 0xFFFFFFFFu || local == 0xFFFFFFFFu)
            throw InputError(path, file, "arrays under 4 GiB (ZIP64 is not read)", "a ZIP64 entry");
        if (file.size() < 5 || file.compare(file.size() - 4, 4, ".npy") != 0)
            throw InputError(path, file, "only .npy arrays in the archive", "another file");
        const std::string name = file.substr(0, file.size() - 4);
        if (b.u32(local) != 0x04034b50) throw b.damaged(file + " has no local header");
        const std::size_t data = local + 30 + b.u16(local + 26) + b.u16(local + 28);
        const unsigned char* p = b.span(data, packed, file);
        if (std::size_t(size) > max_file_bytes) // a deflated entry could claim up to 4 GiB
            throw InputError(path, file, "arrays of at most 1 GiB",
                             std::to_string(size) + " bytes");
        std::vector<unsigned char> npy;
        if (method == 0) {
            if (packed != size) throw b.damaged(file + " is stored with two sizes");
            npy.assign(p, p + size);
        } else if (method == 8) {
            npy = inflate_raw(b, p, packed, size, file);
        } else {
            throw InputError(path, file,
                             "an array stored or deflated (np.savez, np.savez_compressed)",
                             "ZIP compression method " + std::to_string(method));
        }
        arrays[name] = parse_npy(path, name, npy);
    }
    return arrays;
}

} // namespace spikesim

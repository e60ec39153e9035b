#include "config/toml_file.hpp"

#include "sim/errors.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace spikesim {
namespace {

// toml11 parses nested arrays and inline tables by recursion: a file nested 100,000 deep
// overflowed the stack (3,000 under AddressSanitizer). Configs need a depth of 2 or 3
// (synapse lists, weight matrices); anything deeper than this is refused before parsing.
constexpr int max_nesting = 64;
constexpr std::size_t max_bytes = std::size_t(256) << 20;

// The first byte that is not part of valid UTF-8 (TOML files are UTF-8), or npos. toml11
// reads past the end of its buffer on some invalid sequences (found by the fuzzer: a
// literal string of 0xff bytes), so they are refused before it sees them, as are NUL bytes.
std::size_t invalid_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0) return i;
        const std::size_t length = c < 0x80           ? 1
                                   : (c >> 5) == 0x6  ? 2
                                   : (c >> 4) == 0xe  ? 3
                                   : (c >> 3) == 0x1e ? 4
                                                      : 0;
        if (length == 0 || i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return i;
        if ((length == 2 && c < 0xc2) || (length == 4 && c > 0xf4)) return i; // overlong, too big
        i += length;
    }
    return std::string::npos;
}

// The deepest nesting of [ ] and { } outside strings and comments, and its line.
struct Nesting {
    int depth = 0;
    std::uint32_t line = 1;
};
Nesting deepest_nesting(const std::string& text) {
    Nesting deepest;
    int depth = 0;
    std::uint32_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
        } else if (c == '#') { // a comment, to the end of the line
            while (i + 1 < text.size() && text[i + 1] != '\n')
                ++i;
        } else if (c == '"' || c == '\'') { // a string: basic or literal, one or three quotes
            const bool triple = text.compare(i, 3, std::string(3, c)) == 0;
            const std::string end = triple ? std::string(3, c) : std::string(1, c);
            i += end.size();
            while (i < text.size() && text.compare(i, end.size(), end) != 0) {
                if (text[i] == '\n') ++line;
                if (c == '"' && text[i] == '\\') ++i; // an escaped character
                ++i;
            }
            i += end.size() - 1;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest.depth) deepest = {depth, line};
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

toml::value parse(const std::string& path, const std::string& text) {
    if (const std::size_t bad = invalid_utf8(text); bad != std::string::npos)
        throw InputError(
            path, "", "a TOML file in UTF-8 text", "byte " + std::to_string(bad) + " is not",
            std::uint32_t(1 + std::count(text.begin(), text.begin() + std::ptrdiff_t(bad), '\n')));
    if (const Nesting n = deepest_nesting(text); n.depth > max_nesting)
        throw InputError(path, "", "arrays and inline tables nested at most 64 deep",
                         "nesting " + std::to_string(n.depth) + " deep", n.line);
    std::istringstream in(text);
    try {
        return toml::parse(in, path);
    } catch (const toml::syntax_error& e) {
        // toml11 formats the location itself; keep its first lines.
        std::string what = e.what();
        if (what.size() > 600) what = what.substr(0, 600) + " ...";
        throw InputError(path, "", "valid TOML", what);
    } catch (const std::exception& e) {
        throw InputError(path, "", "valid TOML", e.what());
    }
}

} // namespace

std::string read_toml_text(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError(path, "", "a readable TOML file", "a directory");
    if (const auto size = std::filesystem::file_size(path, ec); !ec && size > max_bytes)
        throw InputError(path, "", "a TOML file of at most 256 MB",
                         std::to_string(size >> 20) + " MB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "", "a readable TOML file", "a file that cannot be opened");
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw InputError(path, "", "a readable TOML file", "a read error");
    return s.str();
}

TomlFile read_toml_file(const std::string& path) {
    return parse_toml_text(path, read_toml_text(path));
}

TomlFile parse_toml_text(const std::string& path, std::string text) {
    if (text.size() > max_bytes)
        throw InputError(path, "", "a TOML file of at most 256 MB",
                         std::to_string(text.size() >> 20) + " MB");
    TomlFile f{path, std::move(text), {}};
    f.root = parse(path, f.text);
    return f;
}

} // namespace spikesim

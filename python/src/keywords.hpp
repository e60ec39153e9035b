#pragma once
// Keyword arguments read into an options struct, field by field, each checked as the
// config reader checks a key (a number, a whole number in range, a list of them); keys
// nobody read are an InputError listing the ones that exist. Errors name `source` (the
// Python function) and the keyword.
#include "sim/errors.hpp"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <vector>

namespace spikesim::python {

class Keywords {
  public:
    Keywords(pybind11::dict keywords, std::string source)
        : kw_(std::move(keywords)), source_(std::move(source)) {}

    void number(const char* key, double& field);
    void whole(const char* key, int& field, std::int64_t low, std::int64_t high);
    void whole(const char* key, std::uint64_t& field);
    void whole(const char* key, std::uint32_t& field, std::uint32_t low);
    void boolean(const char* key, bool& field);
    void text(const char* key, std::string& field);
    void numbers(const char* key, std::vector<double>& field);
    void wholes(const char* key, std::vector<int>& field);
    void wholes(const char* key, std::vector<std::uint64_t>& field);
    // The value of `key` (marked as read), or None.
    pybind11::object take(const char* key);
    // Any keyword not read above is an error.
    void finish() const;
    const std::string& source() const { return source_; }
    InputError error(const std::string& key, const std::string& expected,
                     pybind11::handle got) const;

  private:
    std::int64_t whole_number(const char* key, pybind11::handle v, std::int64_t low,
                              std::int64_t high) const;
    pybind11::dict kw_;
    std::string source_;
    std::vector<std::string> known_;
};

} // namespace spikesim::python

// spikesim's typed exceptions as Python exceptions with the same messages and fields:
//   InputError(ValueError)      .source .key .expected .got .line
//   DaleViolation(InputError)   and .projection .source_neuron .target_neuron .weight
//   OutputError(OSError)        .path .outcome
#include "bindings.hpp"

#include "sim/errors.hpp"

namespace spikesim::python {
namespace {

// Module-lifetime references to the exception types (released, never freed).
py::handle input_error_type, dale_violation_type, output_error_type;

py::object line_of(const InputError& e) {
    return e.line() ? py::object(py::int_(*e.line())) : py::object(py::none());
}

void set_input_fields(py::object& exc, const InputError& e) {
    exc.attr("source") = e.source();
    exc.attr("key") = e.key();
    exc.attr("expected") = e.expected();
    exc.attr("got") = e.got();
    exc.attr("line") = line_of(e);
}

void raise(py::handle type, const py::object& exc) {
    PyErr_SetObject(type.ptr(), exc.ptr());
}

void translate(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const DaleViolation& e) {
        py::object exc = py::reinterpret_borrow<py::object>(dale_violation_type)(e.what());
        set_input_fields(exc, e);
        exc.attr("projection") = e.projection();
        exc.attr("source_neuron") = e.source_neuron();
        exc.attr("target_neuron") = e.target_neuron();
        exc.attr("weight") = e.weight();
        raise(dale_violation_type, exc);
    } catch (const InputError& e) {
        py::object exc = py::reinterpret_borrow<py::object>(input_error_type)(e.what());
        set_input_fields(exc, e);
        raise(input_error_type, exc);
    } catch (const OutputError& e) {
        py::object exc = py::reinterpret_borrow<py::object>(output_error_type)(e.what());
        exc.attr("path") = e.path();
        exc.attr("outcome") = e.outcome();
        raise(output_error_type, exc);
    }
}

} // namespace

void bind_errors(py::module_& m) {
    input_error_type = py::exception<InputError>(m, "InputError", PyExc_ValueError).release();
    dale_violation_type =
        py::exception<DaleViolation>(m, "DaleViolation", input_error_type.ptr()).release();
    output_error_type = py::exception<OutputError>(m, "OutputError", PyExc_OSError).release();
    m.attr("InputError").attr("__doc__") =
        "Bad input: a wrong value, shape or name. The message names where (the call or file), "
        "the key, what was expected and what was given; so do the attributes source, key, "
        "expected, got and line. Raised before anything runs or is written.";
    m.attr("DaleViolation").attr("__doc__") =
        "A weight whose sign breaks Dale's law for its source population. Attributes: those "
        "of InputError, and projection, source_neuron, target_neuron, weight.";
    m.attr("OutputError").attr("__doc__") =
        "A file that could not be written (a full disk, a missing directory). Attributes: path "
        "and outcome (no partial file is left under the final name).";
    py::register_exception_translator(&translate);
}

} // namespace spikesim::python

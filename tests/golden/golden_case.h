#pragma once
// Reads a golden case (cases/NAME.safetensors + cases/NAME.json) into libtorch tensors, and compares
// tensors with the README's relative-error measure. The case folder comes from HB_GOLDEN_DIR at run
// time (environment) or at build time (compile definition), so other case folders in the same format
// can be checked without code changes.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

/// In a GoogleTest body: skips the test when the case folder lacks case `name`.
#define HB_REQUIRE_CASE(name)                                                                                \
    if (!hbtest::haveGoldenCase(name)) {                                                                     \
        GTEST_SKIP() << "golden case " << (name) << " not in " << hbtest::goldenRoot();                      \
    }

namespace hbtest {

struct GoldenCase {
    std::string name;
    nlohmann::json sidecar;                    ///< the case's JSON (inputs, hyper-parameters, tensor list)
    std::map<std::string, at::Tensor> tensors; ///< every tensor of the case, as owned CPU tensors

    bool has(const std::string& key) const { return tensors.count(key) != 0; }
    /// Throws std::out_of_range naming the key when absent.
    const at::Tensor& at(const std::string& key) const;
    /// Keys starting with `prefix`, sorted.
    std::vector<std::string> keysWithPrefix(const std::string& prefix) const;
};

/// The golden root (HB_GOLDEN_DIR environment variable, else the build-time default).
std::string goldenRoot();
/// Case names present under goldenRoot()/cases (sorted); empty when the folder is absent.
std::vector<std::string> goldenCaseNames();
/// Loads one case. Throws std::runtime_error with the reader's message when it cannot.
GoldenCase loadGoldenCase(const std::string& name);
/// True when goldenRoot()/cases holds NAME (tests skip the cases a folder does not have).
bool haveGoldenCase(const std::string& name);
/// goldenRoot() + "/model".
std::string goldenModelDir();

/// Where model parity tests run: HB_TEST_DEVICE ("cpu" default, "cuda") and HB_TEST_PRECISION
/// ("fp32" default, "bf16"), so the same tests check a GPU or reduced precision without code changes.
struct TestTarget {
    at::ScalarType dtype;
    at::Device device;
    double tolerance; ///< relative tolerance for hidden states and logits at this precision
    std::string describe() const;
};
TestTarget testTarget();

/// max |a - b| / max |b| (the README's "largest relative error"); shapes must match.
double relativeError(const at::Tensor& actual, const at::Tensor& expected);

} // namespace hbtest

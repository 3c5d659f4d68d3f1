#include "krm/quantity.h"

#include <gtest/gtest.h>

#include <optional>

namespace vg {
namespace {

constexpr std::optional<long double> kNoValue = std::nullopt;

struct Case {
  const char* text;
  bool valid;
  std::optional<long double> value;
};

TEST(Quantity, TableOfForms) {
  const Case cases[] = {
      {"1", true, 1},
      {"0", true, 0},
      {"1Gi", true, 1073741824.0L},
      {"1.5Gi", true, 1610612736.0L},
      {"10Ki", true, 10240},
      {"1Mi", true, 1048576},
      {"1Ti", true, 1099511627776.0L},
      {"1Pi", true, 1125899906842624.0L},
      {"1Ei", true, 1152921504606846976.0L},
      {".5Mi", true, 524288},
      {"5.Gi", true, 5368709120.0L},
      {"500m", true, 0.5L},
      {"1n", true, 1e-9L},
      {"1u", true, 1e-6L},
      {"1k", true, 1000},
      {"1M", true, 1e6L},
      {"1G", true, 1e9L},
      {"1T", true, 1e12L},
      {"1P", true, 1e15L},
      {"1E", true, 1e18L},
      {"1e3", true, 1000},
      {"1E3", true, 1000},
      {"1e+3", true, 1000},
      {"1e-3", true, 0.001L},
      {"2.5e2", true, 250},
      {"+1", true, 1},
      {"-1", true, -1},
      {"-1.5Gi", true, -1610612736.0L},
      {"+.5", true, 0.5L},
      {"007", true, 7},
      {"1e-99999", true, 0},
      // Fractional exponents match the pattern but Kubernetes' parser rejects them.
      {"1e1.5", true, kNoValue},
      {"1e.5", true, kNoValue},
      {"", false, kNoValue},
      {"5GB", false, kNoValue},
      {"1K", false, kNoValue},
      {"1gi", false, kNoValue},
      {"1KiB", false, kNoValue},
      {"Gi", false, kNoValue},
      {".", false, kNoValue},
      {"+", false, kNoValue},
      {"1.5.5", false, kNoValue},
      {" 1Gi", false, kNoValue},
      {"1Gi ", false, kNoValue},
      {"1 Gi", false, kNoValue},
      {"1e", false, kNoValue},
      {"1e+", false, kNoValue},
      {"1ee3", false, kNoValue},
      {"1e3Gi", false, kNoValue},
      {"1mi", false, kNoValue},
      {"0x10", false, kNoValue},
      {"1,5Gi", false, kNoValue},
      {"--1", false, kNoValue},
      {"1i", false, kNoValue},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_quantity(c.text), c.valid) << c.text;
    EXPECT_EQ(quantity_value(c.text), c.value) << c.text;
  }
}

TEST(Quantity, OverflowIsNoValue) {
  EXPECT_TRUE(is_quantity("1e99999"));
  EXPECT_EQ(quantity_value("1e99999"), std::nullopt);
}

struct Order {
  const char* a;
  const char* b;
  int expected;
};

TEST(Quantity, Compare) {
  const Order cases[] = {
      {"1Gi", "1073741824", 0}, {"1Gi", "1G", 1},      {"1G", "1Gi", -1},    {"0.1k", "100", 0},
      {"500m", "0.5", 0},       {"1e3", "1k", 0},      {"10Gi", "9Gi", 1},   {"1Mi", "1024Ki", 0},
      {"-1", "0", -1},          {"0", "-0", 0},        {"bad", "1", -1},     {"1", "bad", 1},
      {"bad", "", 0},           {"1.5Gi", "1536Mi", 0}, {"0.3", "300m", 0},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(compare_quantities(c.a, c.b), c.expected) << c.a << " vs " << c.b;
  }
}

// A capacity must be a readable quantity above zero: "-1Gi" and "0" are quantities the CRD pattern
// accepts, but no volume can have them (the API server refuses such a PVC request).
TEST(Quantity, CapacityMustBeAboveZero) {
  struct CapacityCase {
    const char* value;
    const char* error;  // nullptr: valid
  };
  const CapacityCase cases[] = {
      {"10Gi", nullptr}, {"1", nullptr}, {"500m", nullptr}, {"+1Gi", nullptr}, {"1e3", nullptr},
      {"-1Gi", "\"-1Gi\" must be greater than zero"},
      {"0", "\"0\" must be greater than zero"},
      {"-0", "\"-0\" must be greater than zero"},
      {"0Gi", "\"0Gi\" must be greater than zero"},
      {"0.0e5", "\"0.0e5\" must be greater than zero"},
      {"1e-99999", "\"1e-99999\" must be greater than zero"},
      {"ten", "\"ten\" is not a Kubernetes quantity (e.g. 2Gi)"},
      {"", "\"\" is not a Kubernetes quantity (e.g. 2Gi)"},
      {"1e1.5", "\"1e1.5\" is not a quantity Kubernetes can read"},
  };
  for (const auto& c : cases) {
    const auto err = capacity_error(c.value);
    if (c.error == nullptr) {
      EXPECT_EQ(err, std::nullopt) << c.value;
    } else {
      ASSERT_TRUE(err.has_value()) << c.value;
      EXPECT_EQ(err->rfind(c.error, 0), 0u) << *err;
    }
  }
}

}  // namespace
}  // namespace vg

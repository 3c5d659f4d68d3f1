// Runs the official JSON-Schema-Test-Suite (draft 4) against our validator in kJsonSchema mode, for the
// keywords a Kubernetes structural schema can use. Debian: package json-schema-test-suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
// GCC 12's optimizer reports a false -Wmaybe-uninitialized inside <regex> under -fsanitize.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <sstream>
#include <string>
#include <vector>

#include "schema/schema.h"

namespace vg {
namespace {

const char* const kSuiteDir = "/usr/share/json-schema-test-suite/tests/draft4";

struct FileRule {
  const char* file;
  bool run;
  const char* reason;  // why it is skipped
};

// Every file of the draft 4 suite, so a new upstream file shows up as "not in table" instead of silently.
const FileRule kFiles[] = {
    {"additionalItems.json", false, "additionalItems: Kubernetes forbids it in CRD schemas (no tuple items)"},
    {"additionalProperties.json", true, ""},
    {"allOf.json", true, ""},
    {"anyOf.json", true, ""},
    {"default.json", true, ""},
    {"definitions.json", false, "definitions/$ref: Kubernetes forbids $ref in CRD schemas"},
    {"dependencies.json", false, "dependencies: Kubernetes forbids it in CRD schemas"},
    {"enum.json", true, ""},
    {"items.json", true, ""},
    {"maxItems.json", true, ""},
    {"maxLength.json", true, ""},
    {"maxProperties.json", true, ""},
    {"maximum.json", true, ""},
    {"minItems.json", true, ""},
    {"minLength.json", true, ""},
    {"minProperties.json", true, ""},
    {"minimum.json", true, ""},
    {"multipleOf.json", true, ""},
    {"not.json", true, ""},
    {"oneOf.json", true, ""},
    {"pattern.json", true, ""},
    {"patternProperties.json", false, "patternProperties: Kubernetes forbids it in CRD schemas"},
    {"properties.json", true, ""},
    {"ref.json", false, "$ref: Kubernetes forbids it in CRD schemas"},
    {"refRemote.json", false, "$ref: Kubernetes forbids it in CRD schemas"},
    {"required.json", true, ""},
    {"type.json", true, ""},
    {"uniqueItems.json", true, ""},
    {"optional/bignum.json", false, "numbers beyond int64/double precision; Kubernetes decodes JSON numbers as int64 or float64"},
    {"optional/ecmascript-regex.json", false, "patterns are RE2 (Go) in Kubernetes, not ECMA 262"},
    {"optional/format.json", true, ""},
    {"optional/zeroTerminatedFloats.json", true, ""},
};

// Individual groups ("*" = every test of the group) or tests in a run file where we differ on purpose.
struct Difference {
  const char* file;
  const char* group;
  const char* test;
  const char* reason;
};

const Difference kDifferences[] = {
    {"additionalProperties.json", "additionalProperties being false does not allow other properties", "*",
     "uses patternProperties, which Kubernetes forbids; compiling it is an error"},
    {"additionalProperties.json", "non-ASCII pattern with additionalProperties", "*",
     "uses patternProperties, which Kubernetes forbids; compiling it is an error"},
    {"optional/format.json", "validation of URIs", "*", "format uri: not validated here (only int32/int64/date-time)"},
    {"optional/format.json", "validation of e-mail addresses", "*", "format email: not validated here"},
    {"optional/format.json", "validation of IP addresses", "*", "format ipv4: not validated here"},
    {"optional/format.json", "validation of IPv6 addresses", "*", "format ipv6: not validated here"},
    {"optional/format.json", "validation of host names", "*", "format hostname: not validated here"},
    {"items.json", "an array of schemas for items", "*",
     "tuple-form items: Kubernetes forbids a list for items; compiling it is an error"},
    {"properties.json", "properties, patternProperties, additionalProperties interaction", "*",
     "patternProperties: Kubernetes forbids it; compiling it is an error"},
};

const FileRule* file_rule(const std::string& name) {
  for (const auto& r : kFiles)
    if (name == r.file) return &r;
  return nullptr;
}

const Difference* difference(const std::string& file, const std::string& group, const std::string& test) {
  for (const auto& d : kDifferences)
    if (file == d.file && group == d.group && (std::string(d.test) == "*" || test == d.test)) return &d;
  return nullptr;
}

// libyaml refuses UTF-16 surrogate escapes (\uD83D\uDCA9) that JSON uses for characters beyond the
// BMP; YAML's \U00000000 form means the same character.
std::string join_surrogates(const std::string& json) {
  static const std::regex kPair(R"(\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2}))");
  std::string out;
  auto begin = std::sregex_iterator(json.begin(), json.end(), kPair);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    unsigned hi = std::stoul(m[1].str(), nullptr, 16), lo = std::stoul(m[2].str(), nullptr, 16);
    unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\U%08X", cp);
    out.append(json, last, static_cast<size_t>(m.position(0)) - last);
    out += buf;
    last = static_cast<size_t>(m.position(0) + m.length(0));
  }
  out.append(json, last, std::string::npos);
  return out;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(SchemaConformance, Draft4) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(kSuiteDir))
    GTEST_SKIP() << "JSON-Schema-Test-Suite not installed at " << kSuiteDir << " (apt install json-schema-test-suite)";

  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(kSuiteDir))
    if (e.is_regular_file() && e.path().extension() == ".json")
      names.push_back(fs::relative(e.path(), kSuiteDir).generic_string());
  std::sort(names.begin(), names.end());

  int passed = 0, differ = 0, skipped_files = 0, skipped_tests = 0;
  for (const auto& name : names) {
    const FileRule* rule = file_rule(name);
    EXPECT_NE(rule, nullptr) << name << " is not in the table of suite files";
    if (!rule || !rule->run) {
      ++skipped_files;
      std::cout << "[ skip     ] " << name << ": " << (rule ? rule->reason : "not in table") << "\n";
      continue;
    }
    Doc groups;
    DocParseError parse_error;
    if (!parse_doc(join_surrogates(read(fs::path(kSuiteDir) / name)), groups, parse_error)) {
      ADD_FAILURE() << name << ":" << parse_error.line << ": " << parse_error.message;
      continue;
    }
    int file_passed = 0;
    const Difference* last_printed = nullptr;
    for (const auto& group : groups.items()) {
      const std::string gname = group["description"].Scalar();
      Findings compile_findings;
      auto schema = SchemaSet::compile(group["schema"], compile_findings);
      for (const auto& test : group["tests"].items()) {
        const std::string tname = test["description"].Scalar();
        if (const Difference* d = difference(name, gname, tname)) {
          ++differ;
          if (d != last_printed)
            std::cout << "[ differ   ] " << name << " / " << gname << (std::string(d->test) == "*" ? "" : " / " + tname)
                      << ": " << d->reason << "\n";
          last_printed = d;
          continue;
        }
        if (!schema || has_errors(compile_findings)) {
          ADD_FAILURE() << name << " / " << gname << ": schema did not compile: "
                        << (compile_findings.empty() ? "" : compile_findings[0].to_text());
          ++skipped_tests;
          continue;
        }
        ValidateContext ctx;
        ctx.mode = SchemaMode::kJsonSchema;
        Findings out;
        validate_value(*schema, test["data"], ctx, out);
        const bool expected = test["valid"].Scalar() == "true";
        const bool got = !has_errors(out);
        EXPECT_EQ(got, expected) << name << " / " << gname << " / " << tname
                                 << (out.empty() ? std::string() : ": " + out[0].to_text());
        if (got == expected) ++passed, ++file_passed;
      }
    }
    std::cout << "[ run      ] " << name << ": " << file_passed << " passed\n";
  }
  std::cout << "draft4: " << passed << " tests passed, " << differ << " intentional differences, " << skipped_files
            << " files skipped, " << skipped_tests << " tests not run\n";
  EXPECT_GT(passed, 0);
}

}  // namespace
}  // namespace vg

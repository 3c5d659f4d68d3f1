#include "cli/report_format.h"

#include <gtest/gtest.h>

#include <string>

#include "yaml/doc.h"

namespace vg {
namespace {

// JSON is YAML: the outputs are read back with the Doc reader, so a broken escape or comma fails.
Doc parse_json(const std::string& text) {
  Doc d;
  DocParseError e;
  EXPECT_TRUE(parse_doc(text, d, e)) << e.line << ":" << e.column << ": " << e.message << "\n" << text;
  return d;
}

std::string write(std::string_view format, const Findings& f) {
  const ReportFormat* rf = find_report_format(format);
  EXPECT_NE(rf, nullptr) << format;
  return rf ? rf->write(f, rule_registry()) : "";
}

const Findings& sample() {
  static const Findings f = {
      Finding{.severity = Severity::kError,
              .rule = "retain-missing",
              .message = "no \"retain\"\\policy\nsecond line 100%",
              .resource = {"volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "prod"},
              .field = "spec.restic.retain",
              .file = "dir,a/b:c.yaml",
              .line = 12,
              .hint = "set it"},
      Finding{.severity = Severity::kWarning, .rule = "cache-small", .message = "small", .file = "x.yaml"},
      Finding{.severity = Severity::kInfo, .rule = "not-registered", .message = "info"},
  };
  return f;
}

TEST(ReportFormats, NamesAndLookup) {
  std::vector<std::string> names;
  for (const auto& f : report_formats()) {
    names.emplace_back(f.name);
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_EQ(find_report_format(f.name), &f);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"text", "json", "sarif", "github"}));
  EXPECT_EQ(find_report_format("JSON"), nullptr);
  EXPECT_EQ(find_report_format(""), nullptr);
}

TEST(ReportFormats, TextIsOneLinePerFinding) {
  const std::string out = write("text", sample());
  std::string expected;
  for (const auto& f : sample()) expected += f.to_text() + "\n";
  EXPECT_EQ(out, expected);
  EXPECT_EQ(write("text", {}), "");
}

TEST(ReportFormats, JsonRoundTrips) {
  EXPECT_EQ(write("json", {}), "[]\n");
  Doc d = parse_json(write("json", sample()));
  ASSERT_TRUE(d.IsSequence());
  ASSERT_EQ(d.size(), 3u);
  const Doc& a = d[0];
  EXPECT_EQ(a["file"].Scalar(), "dir,a/b:c.yaml");
  EXPECT_EQ(a["line"].Scalar(), "12");
  EXPECT_EQ(a["severity"].Scalar(), "error");
  EXPECT_EQ(a["rule"].Scalar(), "retain-missing");
  EXPECT_EQ(a["message"].Scalar(), sample()[0].message) << "quotes, backslashes and newlines survive";
  EXPECT_EQ(a["field"].Scalar(), "spec.restic.retain");
  EXPECT_EQ(a["hint"].Scalar(), "set it");
  EXPECT_EQ(a.at({"resource", "kind"}).Scalar(), "ReplicationSource");
  EXPECT_EQ(a.at({"resource", "namespace"}).Scalar(), "prod");
  EXPECT_EQ(a.at({"resource", "name"}).Scalar(), "data-backup");
  EXPECT_EQ(a.at({"resource", "apiVersion"}).Scalar(), "volsync.backube/v1alpha1");
  EXPECT_EQ(d[1]["severity"].Scalar(), "warning");
  EXPECT_EQ(d[2]["severity"].Scalar(), "info");
  EXPECT_EQ(d[2]["line"].Scalar(), "0");
}

TEST(ReportFormats, Sarif) {
  Doc d = parse_json(write("sarif", sample()));
  EXPECT_EQ(d["version"].Scalar(), "2.1.0");
  const Doc& run = d["runs"][0];
  const Doc& rules = run.at({"tool", "driver", "rules"});
  ASSERT_TRUE(rules.IsSequence());
  // The registry, then each id a finding has that it lacks, once.
  ASSERT_EQ(rules.size(), rule_registry().size() + 1);
  EXPECT_EQ(rules[static_cast<int>(rule_registry().size())]["id"].Scalar(), "not-registered");
  EXPECT_EQ(rules[0]["id"].Scalar(), std::string(rule_registry()[0].id));
  EXPECT_EQ(run.at({"tool", "driver", "name"}).Scalar(), "volsync-gen");

  const Doc& results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    // ruleIndex points at the rule of that id.
    const int index = std::stoi(results[i]["ruleIndex"].Scalar());
    EXPECT_EQ(rules[index]["id"].Scalar(), results[i]["ruleId"].Scalar());
  }
  const Doc& r0 = results[0];
  EXPECT_EQ(r0["level"].Scalar(), "error");
  EXPECT_EQ(r0.at({"message", "text"}).Scalar(),
            "ReplicationSource prod/data-backup: " + sample()[0].message + " (field spec.restic.retain); hint: set it");
  const Doc& loc = r0["locations"][0];
  EXPECT_EQ(loc.at({"physicalLocation", "artifactLocation", "uri"}).Scalar(), "dir,a/b:c.yaml");
  EXPECT_EQ(loc.at({"physicalLocation", "region", "startLine"}).Scalar(), "12");
  EXPECT_EQ(loc["logicalLocations"][0]["fullyQualifiedName"].Scalar(), "ReplicationSource prod/data-backup");
  // No line: no region; no resource: no logical location; no file: no location at all.
  EXPECT_EQ(results[1]["level"].Scalar(), "warning");
  ASSERT_EQ(results[1]["locations"][0].at({"physicalLocation", "artifactLocation", "uri"}).Scalar(), "x.yaml");
  EXPECT_FALSE(results[1]["locations"][0]["physicalLocation"]["region"].IsDefined());
  EXPECT_FALSE(results[1]["locations"][0]["logicalLocations"].IsDefined());
  EXPECT_EQ(results[2]["level"].Scalar(), "note");
  EXPECT_FALSE(results[2]["locations"].IsDefined());

  Doc empty = parse_json(write("sarif", {}));
  EXPECT_EQ(empty["runs"][0]["results"].size(), 0u);
  EXPECT_EQ(empty["runs"][0].at({"tool", "driver", "rules"}).size(), rule_registry().size());
}

TEST(ReportFormats, GithubCommandsEscape) {
  const std::string out = write("github", sample());
  EXPECT_EQ(out,
            "::error file=dir%2Ca/b%3Ac.yaml,line=12,title=retain-missing::ReplicationSource prod/data-backup: "
            "no \"retain\"\\policy%0Asecond line 100%25 (field spec.restic.retain); hint: set it\n"
            "::warning file=x.yaml,title=cache-small::small\n"
            "::notice title=not-registered::info\n");
  EXPECT_EQ(write("github", {}), "");
}

}  // namespace
}  // namespace vg

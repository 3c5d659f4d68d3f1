// The real-data corpus (../shared/corpus/volsync-real, see its MANIFEST.md): lint every file of
// substituted/ and negative/ and compare with the independent oracle's verdicts in expected.json.
//   * schema: per object, the set of field paths with a schema error (ours: rules schema and
//     schema-unknown-field at error level; the oracle's: schemaErrors[].path);
//   * runtime: per object, rule by rule, through kRuleMap (oracle id -> our id).
// Files are linted in the oracle's deployment units ("bundles", oracle.py bundle_keys), so cross-object
// rules see the same neighbours. Every disagreement must be listed in kExplained with its reason, and
// every entry of kExplained must still be needed. The corpus is read in place, never copied.
#include <fnmatch.h>
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/lint.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using namespace vg;

namespace {

using vg::test::slurp;

const fs::path kCorpus = fs::path(VG_SOURCE_DIR) / ".." / "shared" / "corpus" / "volsync-real";

// Oracle rule -> our rule. Oracle rules absent here are ones lint does not implement (kUnmapped).
const std::map<std::string, std::string> kRuleMap = {
    {"mover-count", "mover-count"},
    {"repository-missing", "repository-not-secret"},
    {"repository-not-secret-name", "repository-not-secret"},
    {"copymethod-missing", "copymethod-invalid"},
    {"copymethod-invalid", "copymethod-invalid"},
    {"rd-accessmodes-required", "destination-needs-size"},
    {"rd-capacity-required", "destination-needs-size"},
    {"schedule-invalid", "schedule-invalid"},
    {"retain-missing", "retain-missing"},
    {"rd-no-trigger", "trigger-missing"},
    {"rs-no-trigger", "source-trigger-missing"},
    {"name-too-long", "name-too-long"},
    {"repository-shared", "repository-shared"},
    {"rs-rd-same-name", "rs-rd-same-name"},
    {"populator-rd-not-snapshot", "populator-rd-not-snapshot"},
    {"populator-apigroup", "populator-apigroup"},
    {"populator-rd-not-in-bundle", "populator-rd-not-found"},
    {"secret-missing-key", "secret-missing-key"},
    {"secret-key-ignored", "secret-key-ignored"},
    {"repository-local-path", "repository-local-path"},
    {"repository-secret-not-in-bundle", "repository-secret-not-found"},
};

// Our rules that say what another of ours says, more precisely: compared as that one. A Secret not
// in the bundle whose near namesake is (repository-secret-near-name), a ReplicationDestination missing
// from the PVC's kustomization or Flux unit (populator-rd-not-in-unit).
const std::map<std::string, std::string> kRefinements = {
    {"repository-secret-near-name", "repository-secret-not-found"},
    {"populator-rd-not-in-unit", "populator-rd-not-found"},
};

// Oracle rules lint does not have, and why.
const std::map<std::string, std::string> kUnmapped = {
    {"name-not-dns-label", "not a lint rule: the API server validates metadata.name"},
    {"name-missing", "not a lint rule: the API server validates metadata.name"},
    {"name-invalid", "not a lint rule: the API server validates metadata.name"},
    {"copymethod-none-deprecated", "not a lint rule (None still works)"},
    {"schedule-timezone", "not a lint rule: schedule.cc accepts CRON_TZ= as robfig does"},
    {"trigger-manual-and-schedule", "not a lint rule"},
    {"rclone-config-not-secret-name", "not a lint rule yet (rclone)"},
    {"null-pruned", "not a lint rule"},
    {"restic-s3-endpoint-missing", "not a lint rule yet: restic URL forms are not parsed"},
    {"restic-s3-url-form", "not a lint rule yet: restic URL forms are not parsed"},
    {"gcs-credentials-not-json", "not a lint rule yet"},
};

// Severity policy differences (same rule, different level), shown in the summary.
const std::map<std::string, std::string> kSeverityPolicy = {
    {"trigger-missing", "error here, warning in the oracle: an RD without trigger restores in a loop, forever"},
    {"repository-shared", "error here, warning in the oracle: restic forget groups by host+path, so one "
                          "source's retention deletes the other's snapshots"},
    {"secret-key-ignored", "warning here, info in the oracle: usually a typo (AWS_REGION)"},
    {"source-trigger-missing", "warning here, info in the oracle"},
};

struct Explained {
  const char* file;   // corpus-relative
  const char* name;   // object name
  const char* what;   // "schema:<path>" or "rule:<our rule id>"
  const char* side;   // "ours" (we report it, the oracle does not) or "oracle"
  const char* reason;
};

// The oracle knows upstream VolSync v0.16.0 only; lint knows the perfectra1n fork's kopia mover too.
constexpr const char* kKopiaSchema =
    "the oracle knows only upstream v0.16.0's schemas; lint checks an object with spec.kopia against the perfectra1n "
    "fork's CRDs, which define it";
constexpr const char* kKopiaMover =
    "the oracle knows only upstream's movers; kopia is the perfectra1n fork's mover, and the object has exactly one";
constexpr const char* kGavinRd =
    "substituted/gavinmcfall__home-ops/5aa8ae638cab/kubernetes__components__volsync__replicationdestination.yaml";
constexpr const char* kGavinRs =
    "substituted/gavinmcfall__home-ops/5aa8ae638cab/kubernetes__components__volsync__replicationsource.yaml";

// Every disagreement, with its reason.
const Explained kExplained[] = {
    {"substituted/backube__volsync/22b97b0717c7/config__samples__volsync_v1alpha1_replicationdestination.yaml",
     "replicationdestination-sample", "rule:trigger-missing", "oracle",
     "rsync/rsyncTLS destinations listen for their source continuously: no trigger is their normal mode, so lint "
     "says nothing (the oracle says info)"},
    {"substituted/backube__volsync/22b97b0717c7/examples__rsync__volsync_v1alpha1_replicationdestination.yaml",
     "database-destination", "rule:trigger-missing", "oracle",
     "rsync/rsyncTLS destinations listen for their source continuously: no trigger is their normal mode, so lint "
     "says nothing (the oracle says info)"},
    {kGavinRd, "romm-dst", "rule:mover-count", "oracle", kKopiaMover},
    {kGavinRd, "romm-dst", "schema:spec.kopia", "oracle", kKopiaSchema},
    {kGavinRs, "romm", "rule:mover-count", "oracle", kKopiaMover},
    {kGavinRs, "romm", "schema:spec.kopia", "oracle", kKopiaSchema},
};

// oracle.py UNITS / bundle_keys: which files are deployed together.
std::vector<std::string> bundle_keys(const std::string& rel) {
  std::vector<std::string> parts;
  std::stringstream ss(rel);
  for (std::string p; std::getline(ss, p, '/');) parts.push_back(p);
  if (parts.size() < 4 || parts[0] != "substituted") return {rel};
  const std::string base = parts[1] + "/" + parts[2];
  const std::string& name = parts.back();
  if (base == "backube__volsync/4a0c14a1a057") {
    static const RE2 kuttl("^test-kuttl__e2e__(.+?)__");
    std::string unit;
    return {base + "#" + (RE2::PartialMatch(name, kuttl, &unit) ? unit : "default")};
  }
  using Units = std::map<std::string, std::vector<std::string>>;
  static const std::map<std::string, Units> kUnits = {
      {"mainertoo__kubernetes-lab/0a946567a591",
       {{"backup-only", {"components__volsync-v2__backup-only__*", "components__volsync__remote__*"}},
        {"bootstrap",
         {"components__volsync-v2__backup__*", "components__volsync-v2__bootstrap__*", "components__volsync__remote__*"}},
        {"restore", {"components__volsync-v2__restore__*", "components__volsync__remote__*"}}}},
      {"mainertoo__kubernetes-lab/9948ecaac761",
       {{"local+restore", {"*__local__*", "*__pvc-restore.yaml"}}, {"backup", {"*__remote__*"}}}},
  };
  auto it = kUnits.find(base);
  if (it == kUnits.end()) return {base};
  std::vector<std::string> keys;
  for (const auto& [unit, pats] : it->second)
    for (const auto& p : pats)
      if (fnmatch(p.c_str(), name.c_str(), 0) == 0) {
        keys.push_back(base + "#" + unit);
        break;
      }
  if (keys.empty()) keys.push_back(base + "#default");
  return keys;
}

struct Verdict {
  std::set<std::string> schema;  // field paths
  std::set<std::string> rules;   // our rule ids
};

using Key = std::tuple<std::string, std::string, std::string>;  // file, kind, name

}  // namespace

TEST(Corpus, AgreesWithTheOracle) {
  if (!fs::exists(kCorpus / "expected.json"))
    GTEST_SKIP() << "corpus not found at " << kCorpus.string()
                 << " (shared/corpus/volsync-real is test data outside the project; nothing to compare)";

  // Files and bundles.
  std::map<std::string, std::vector<std::string>> bundles;
  std::size_t files = 0;
  for (const char* top : {"substituted", "negative"}) {
    std::vector<std::string> rels;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus / top))
      if (e.is_regular_file()) rels.push_back(fs::relative(e.path(), kCorpus).generic_string());
    std::sort(rels.begin(), rels.end());
    for (const auto& rel : rels) {
      ++files;
      for (const auto& k : bundle_keys(rel)) bundles[k].push_back(rel);
    }
  }

  // Lint each bundle; an object in several bundles gets the union of its findings.
  std::map<Key, Verdict> ours;
  std::set<Key> seen;
  std::vector<std::string> input_errors;
  for (const auto& [bundle, rels] : bundles) {
    std::vector<LintSource> sources;
    for (const auto& rel : rels) sources.push_back({rel, slurp(kCorpus / rel)});
    LintResult r;
    lint_sources(sources, LintOptions{}, r);
    if (r.input_error)
      for (const auto& f : r.findings) input_errors.push_back(f.to_text());
    for (const auto& o : r.objects) {
      seen.insert({o.file, o.ref.kind, o.ref.name});
      ours[{o.file, o.ref.kind, o.ref.name}];
    }
    for (const auto& f : r.findings) {
      Verdict& v = ours[{f.file, f.resource.kind, f.resource.name}];
      if ((f.rule == "schema" || f.rule == "schema-unknown-field") && f.severity == Severity::kError)
        v.schema.insert(f.field);
      else
        v.rules.insert(kRefinements.count(f.rule) ? kRefinements.at(f.rule) : f.rule);
    }
  }
  EXPECT_TRUE(input_errors.empty()) << ::testing::PrintToString(input_errors);

  // Compare.
  YAML::Node expected = YAML::LoadFile((kCorpus / "expected.json").string());
  std::set<std::string> mapped_ours;
  for (const auto& [o, u] : kRuleMap) mapped_ours.insert(u);
  std::size_t objects = 0, schema_checked = 0, schema_agree = 0, rule_checks = 0, rule_agree = 0, unmapped = 0;
  std::size_t explained_count = 0;
  std::set<std::string> used_explanations;
  std::vector<std::string> unexplained;
  auto explain = [&](const std::string& file, const std::string& name, const std::string& what,
                     const std::string& side) {
    for (const auto& e : kExplained)
      if (file == e.file && name == e.name && what == e.what && side == e.side) {
        used_explanations.insert(std::string(e.file) + "|" + e.name + "|" + e.what + "|" + e.side);
        ++explained_count;
        return;
      }
    unexplained.push_back(file + " " + name + ": " + what + " only in " + side);
  };

  for (const auto& obj : expected["objects"]) {
    ++objects;
    const std::string file = obj["file"].as<std::string>(), kind = obj["kind"].as<std::string>(),
                      name = obj["name"].as<std::string>();
    const Key key{file, kind, name};
    EXPECT_TRUE(seen.count(key)) << "lint did not read " << kind << " " << name << " in " << file;
    const Verdict& v = ours[key];

    if (obj["schemaChecked"].as<bool>()) {
      ++schema_checked;
      std::set<std::string> theirs;
      for (const auto& e : obj["schemaErrors"]) theirs.insert(e["path"].as<std::string>());
      if (theirs == v.schema) ++schema_agree;
      for (const auto& p : theirs)
        if (!v.schema.count(p)) explain(file, name, "schema:" + p, "oracle");
      for (const auto& p : v.schema)
        if (!theirs.count(p)) explain(file, name, "schema:" + p, "ours");
    }

    std::set<std::string> theirs;
    for (const auto& f : obj["runtimeFindings"]) {
      const std::string rule = f["rule"].as<std::string>();
      auto it = kRuleMap.find(rule);
      if (it != kRuleMap.end()) {
        theirs.insert(it->second);
      } else {
        ++unmapped;
        EXPECT_TRUE(kUnmapped.count(rule)) << "oracle rule " << rule << " is neither mapped nor listed as unmapped";
      }
    }
    std::set<std::string> mine;
    for (const auto& r : v.rules)
      if (mapped_ours.count(r)) mine.insert(r);
    std::set<std::string> all = theirs;
    all.insert(mine.begin(), mine.end());
    for (const auto& r : all) {
      ++rule_checks;
      if (theirs.count(r) && mine.count(r)) ++rule_agree;
      else explain(file, name, "rule:" + r, theirs.count(r) ? "oracle" : "ours");
    }
  }

  std::vector<std::string> stale;
  for (const auto& e : kExplained) {
    std::string id = std::string(e.file) + "|" + e.name + "|" + e.what + "|" + e.side;
    if (!used_explanations.count(id)) stale.push_back(id);
  }
  EXPECT_TRUE(unexplained.empty()) << "disagreements without an explanation:\n"
                                   << ::testing::PrintToString(unexplained);
  EXPECT_TRUE(stale.empty()) << "explanations no longer needed:\n" << ::testing::PrintToString(stale);

  std::printf(
      "[ corpus ] %zu files in %zu bundles, %zu objects\n"
      "[ corpus ] schema verdicts: %zu/%zu objects agree (same set of error paths)\n"
      "[ corpus ] runtime rules: %zu/%zu (object, rule) pairs agree; %zu oracle findings of rules lint does not "
      "have\n"
      "[ corpus ] explained disagreements: %zu (table kExplained); unexplained: %zu\n",
      files, bundles.size(), objects, schema_agree, schema_checked, rule_agree, rule_checks, unmapped,
      explained_count, unexplained.size());
}

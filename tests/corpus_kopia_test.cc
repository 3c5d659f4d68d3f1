// The kopia component of the real-data corpus (../shared/corpus/volsync-real, gavinmcfall/home-ops:
// ExternalSecret, PVC, ReplicationSource romm, ReplicationDestination romm-dst with sourceIdentity),
// linted as it is, and with each runtime failure of ../shared/research/kopia.md made in its real
// text. The oracle of corpus_test.cc knows upstream VolSync only, so these verdicts are kopia.md's.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/lint.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using namespace vg;

namespace {

const fs::path kBundle = fs::path(VG_SOURCE_DIR) / ".." / "shared" / "corpus" / "volsync-real" / "substituted" /
                         "gavinmcfall__home-ops" / "5aa8ae638cab";
const char* const kFiles[] = {"kubernetes__components__volsync__externalsecret.yaml",
                              "kubernetes__components__volsync__pvc.yaml",
                              "kubernetes__components__volsync__replicationdestination.yaml",
                              "kubernetes__components__volsync__replicationsource.yaml"};
constexpr const char* kRd = "kubernetes__components__volsync__replicationdestination.yaml";
constexpr const char* kRs = "kubernetes__components__volsync__replicationsource.yaml";

// The bundle's files, `file`'s text changed from `from` to `to`.
std::vector<LintSource> bundle(const std::string& file = {}, const std::string& from = {}, const std::string& to = {}) {
  std::vector<LintSource> out;
  for (const char* f : kFiles) {
    std::string text = vg::test::slurp(kBundle / f);
    if (f == file) {
      const auto at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    out.push_back({f, std::move(text)});
  }
  return out;
}

// "rule kind field" per finding, sorted (lint orders findings by file and line).
std::string findings(const LintResult& r) {
  std::vector<std::string> lines;
  for (const auto& f : r.findings) lines.push_back(f.rule + " " + f.resource.kind + " " + f.field + "\n");
  std::sort(lines.begin(), lines.end());
  std::string s;
  for (const auto& l : lines) s += l;
  return s;
}

bool corpus_present() { return fs::exists(kBundle / kRd); }

TEST(CorpusKopia, RealComponentAsItIs) {
  if (!corpus_present()) GTEST_SKIP() << "corpus not found at " << kBundle.string();
  LintResult r;
  lint_sources(bundle(), LintOptions{}, r);
  // Valid against the fork's schemas; only the leftover of the admission-policy era is reported.
  EXPECT_EQ(findings(r), "kopia-secret-key-ignored ExternalSecret spec.target.template.data.KOPIA_FS_PATH\n");
  EXPECT_EQ(r.objects.size(), 4u);
}

TEST(CorpusKopia, RuntimeFailuresInTheRealComponent) {
  if (!corpus_present()) GTEST_SKIP() << "corpus not found at " << kBundle.string();
  struct Case {
    const char* name;
    const char* file;
    const char* from;
    const char* to;
    const char* expected;  // findings besides the real one, "rule kind field\n" each
  };
  const Case cases[] = {
      {"-dst destination without sourceIdentity", kRd, "    sourceIdentity:\n      sourceName: romm\n", "",
       "kopia-identity-mismatch ReplicationDestination spec.kopia.sourceIdentity.sourceName\n"},
      {"source with an explicit identity", kRs, "    parallelism: 2\n",
       "    parallelism: 2\n    username: romm-games\n    hostname: games\n",
       "kopia-identity-mismatch ReplicationDestination spec.kopia.sourceIdentity\n"},
      {"destination hostname alone", kRd, "    sourceIdentity:\n      sourceName: romm\n", "    hostname: games\n",
       "kopia-identity-incomplete ReplicationDestination spec.kopia.username\n"},
      {"Clone on the destination", kRd, "    copyMethod: Snapshot", "    copyMethod: Clone",
       "copymethod-invalid ReplicationDestination spec.kopia.copyMethod\n"},
      {"source without copyMethod", kRs, "    copyMethod: Snapshot\n", "",
       "copymethod-invalid ReplicationSource spec.kopia.copyMethod\n"},
      {"cache without class or access modes", kRs,
       "    cacheAccessModes:\n      - ReadWriteOnce\n    cacheCapacity: 5Gi\n    cacheStorageClassName: openebs-hostpath\n",
       "    cacheCapacity: 5Gi\n", "kopia-cache-emptydir ReplicationSource spec.kopia.cacheStorageClassName\n"},
      {"paused source", kRs, "  sourcePVC: romm\n", "  sourcePVC: romm\n  paused: true\n",
       "kopia-paused ReplicationSource spec.paused\n"},
      {"restoreAsOf with an offset", kRd, "    cleanupTempPVC: true\n",
       "    cleanupTempPVC: true\n    restoreAsOf: \"2026-08-01T02:00:00+02:00\"\n",
       "kopia-restore-as-of ReplicationDestination spec.kopia.restoreAsOf\n"},
      {"additionalArgs the mover cuts", kRs, "    parallelism: 2\n",
       "    parallelism: 2\n    additionalArgs: [\"--ignore=*.PART\"]\n",
       "kopia-additional-args-split ReplicationSource spec.kopia.additionalArgs[0]\n"},
      {"a typo the fork's schema catches", kRs, "    compression: zstd-fastest\n", "    compresion: zstd-fastest\n",
       "schema-unknown-field ReplicationSource spec.kopia.compresion\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LintResult r;
    lint_sources(bundle(c.file, c.from, c.to), LintOptions{}, r);
    const std::string real = "kopia-secret-key-ignored ExternalSecret spec.target.template.data.KOPIA_FS_PATH\n";
    std::string want = std::string(c.expected) + real;
    if (want > real + c.expected) want = real + c.expected;  // sorted, as findings() sorts
    EXPECT_EQ(findings(r), want);
  }
}

}  // namespace

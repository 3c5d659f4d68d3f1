// spec.repositories (repositories.cc): each backend block, the per-entry rules, names and primaries.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "volsync/settings.h"
#include "support/test_util.h"
#include "support/volsync_util.h"

namespace vg {
namespace {

using vg::test::config_origin;
using vg::test::load;


struct Parsed {
  bool ok = false;
  Config c;
  Findings f;
  std::string all() const {
    std::string s;
    for (const auto& x : f) s += x.field + ": " + x.message + "\n";
    return s;
  }
};

Parsed parse(std::string_view yaml, Config base = {}) {
  Parsed p;
  p.c = std::move(base);
  p.ok = parse_repositories(load(yaml), config_origin(), p.c, p.f);
  return p;
}

TEST(Repositories, EachBackendBlock) {
  struct Case {
    const char* name;
    const char* yaml;
    std::function<void(const Repository&)> check;
  };
  using B = Repository::Backend;
  const Case cases[] = {
      {"url", "- url: s3:s3.example.com/bucket\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kUrl);
         EXPECT_EQ(r.url, "s3:s3.example.com/bucket");
       }},
      {"s3", "- s3: {endpoint: minio.local, bucket: b, prefix: p/q, region: eu-west-1}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kS3);
         EXPECT_EQ(r.endpoint, "minio.local");
         EXPECT_EQ(r.bucket, "b");
         EXPECT_EQ(r.prefix, "p/q");
         EXPECT_EQ(r.region, "eu-west-1");
       }},
      {"b2", "- b2: {bucket: b, prefix: p}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kB2);
         EXPECT_EQ(r.bucket, "b");
         EXPECT_EQ(r.prefix, "p");
       }},
      {"azure container is the bucket", "- azure: {container: c}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kAzure);
         EXPECT_EQ(r.bucket, "c");
         EXPECT_EQ(r.prefix, "");
       }},
      {"gcs", "- gcs: {bucket: g, prefix: x}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kGcs);
         EXPECT_EQ(r.bucket, "g");
         EXPECT_EQ(r.prefix, "x");
       }},
      {"rest", "- rest: {url: \"https://restic.example.com:8000/\"}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kRest);
         EXPECT_EQ(r.url, "https://restic.example.com:8000/");
       }},
      {"local nfs, default mount path", "- local: {nfs: {server: nas, path: /export/backup}}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kLocal);
         EXPECT_EQ(r.mount_path, "repository");
         EXPECT_EQ(r.nfs_server, "nas");
         EXPECT_EQ(r.nfs_path, "/export/backup");
         EXPECT_EQ(r.pvc, "");
       }},
      {"local pvc", "- local: {pvc: restic-repo, mountPath: repo, prefix: apps}\n",
       [](const Repository& r) {
         EXPECT_EQ(r.backend, B::kLocal);
         EXPECT_EQ(r.mount_path, "repo");
         EXPECT_EQ(r.pvc, "restic-repo");
         EXPECT_EQ(r.prefix, "apps");
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto p = parse(c.yaml);
    ASSERT_TRUE(p.ok) << p.all();
    EXPECT_TRUE(p.f.empty()) << p.all();
    ASSERT_EQ(p.c.repositories.size(), 1u);
    EXPECT_TRUE(p.c.repositories[0].primary) << "the only repository is primary";
    EXPECT_EQ(p.c.repositories[0].name, "");
    c.check(p.c.repositories[0]);
  }
}

TEST(Repositories, Errors) {
  struct Case {
    const char* name;
    const char* yaml;
    const char* field;
    const char* message;  // substring of the finding at `field`
  };
  const Case cases[] = {
      {"entry not a map", "- s3:x/y\n", "spec.repositories[0]", "must be an object"},
      {"no backend", "- name: a\n", "spec.repositories[0]",
       "a repository needs exactly one of url, s3, b2, azure, gcs, rest, local"},
      {"two backends", "- url: s3:x/y\n  b2: {bucket: b}\n", "spec.repositories[0]", "exactly one of url"},
      {"empty url", "- url: \"\"\n", "spec.repositories[0].url", "must be a restic repository string"},
      {"url as a map", "- url: {a: b}\n", "spec.repositories[0].url", "must be a restic repository string"},
      {"unknown entry field", "- url: s3:x/y\n  bucket: b\n", "spec.repositories[0].bucket", "unknown field \"bucket\""},
      {"bad name", "- name: Primary_Repo\n  url: s3:x/y\n", "spec.repositories[0].name", "\"Primary_Repo\": "},
      {"primary not a bool", "- url: s3:x/y\n  primary: yes\n", "spec.repositories[0].primary",
       "must be true or false"},
      {"block not a map", "- s3: bucket\n", "spec.repositories[0].s3", "must be an object"},
      {"unknown block field", "- b2: {bucket: b, region: r}\n", "spec.repositories[0].b2.region",
       "unknown field \"region\" in a b2 repository"},
      {"s3 bucket required", "- s3: {endpoint: e}\n", "spec.repositories[0].s3.bucket", "is required"},
      {"azure container required", "- azure: {prefix: p}\n", "spec.repositories[0].azure.container", "is required"},
      {"gcs bucket required", "- gcs: {}\n", "spec.repositories[0].gcs.bucket", "is required"},
      {"rest url required", "- rest: {}\n", "spec.repositories[0].rest.url", "is required"},
      {"block field not a string", "- s3: {bucket: [b]}\n", "spec.repositories[0].s3.bucket", "must be a string"},
      {"rest url not http", "- rest: {url: \"ftp://host/\"}\n", "spec.repositories[0].rest.url",
       "\"ftp://host/\" is not an http(s) URL"},
      {"local neither nfs nor pvc", "- local: {}\n", "spec.repositories[0].local",
       "a local repository needs exactly one of nfs or pvc"},
      {"local both nfs and pvc", "- local: {pvc: p, nfs: {server: s, path: /x}}\n", "spec.repositories[0].local",
       "exactly one of nfs or pvc"},
      {"local nfs without path", "- local: {nfs: {server: s}}\n", "spec.repositories[0].local.nfs",
       "nfs needs server and path"},
      {"local nfs not a map", "- local: {nfs: nas}\n", "spec.repositories[0].local.nfs", "nfs needs server and path"},
      {"local bad mount path", "- local: {pvc: p, mountPath: /mnt/x}\n", "spec.repositories[0].local.mountPath",
       "\"/mnt/x\": "},
      {"unnamed among several", "- name: a\n  url: s3:x/a\n- url: s3:x/b\n", "spec.repositories[1].name",
       "repositories need names when there is more than one"},
      {"duplicate name", "- name: a\n  url: s3:x/a\n- name: a\n  url: s3:x/b\n", "spec.repositories[1].name",
       "duplicate repository name \"a\""},
      {"two primaries", "- {name: a, url: s3:x/a, primary: true}\n- {name: b, url: s3:x/b, primary: true}\n",
       "spec.repositories", "more than one repository is primary"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto p = parse(c.yaml);
    EXPECT_FALSE(p.ok);
    bool found = false;
    for (const auto& f : p.f) {
      EXPECT_EQ(f.rule, "config");
      EXPECT_EQ(f.file, "config.yaml");
      EXPECT_EQ(f.resource.name, "cfg");
      if (f.field == c.field && f.message.find(c.message) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << "expected " << c.field << ": " << c.message << "\ngot:\n" << p.all();
  }
}

TEST(Repositories, PrimaryDefaultsToTheFirstUnlessOneIsNamed) {
  auto first = parse("- {name: a, url: s3:x/a}\n- {name: b, url: s3:x/b}\n");
  ASSERT_TRUE(first.ok) << first.all();
  ASSERT_EQ(first.c.repositories.size(), 2u);
  EXPECT_TRUE(first.c.repositories[0].primary);
  EXPECT_FALSE(first.c.repositories[1].primary);

  auto second = parse("- {name: a, url: s3:x/a}\n- {name: b, url: s3:x/b, primary: true}\n");
  ASSERT_TRUE(second.ok) << second.all();
  EXPECT_FALSE(second.c.repositories[0].primary);
  EXPECT_TRUE(second.c.repositories[1].primary);

  auto explicit_false = parse("- {name: a, url: s3:x/a, primary: false}\n");
  ASSERT_TRUE(explicit_false.ok) << explicit_false.all();
  EXPECT_TRUE(explicit_false.c.repositories[0].primary) << "some repository must be primary";
}

TEST(Repositories, CredentialsInheritAndOverridesAreKept) {
  Config base;
  base.credentials.secret_name = "restic";
  base.credentials.secret_namespace = "backup";
  auto p = parse(
      "- name: a\n  url: s3:x/a\n"
      "- name: b\n  b2: {bucket: bk}\n  credentials: {secretName: b2-creds}\n"
      "  schedule: weekly\n  retain: {daily: 3}\n  pruneIntervalDays: 14\n",
      base);
  ASSERT_TRUE(p.ok) << p.all();
  ASSERT_EQ(p.c.repositories.size(), 2u);
  const Repository& a = p.c.repositories[0];
  const Repository& b = p.c.repositories[1];
  EXPECT_EQ(a.credentials.secret_name, "restic");
  EXPECT_EQ(a.credentials.secret_namespace, "backup");
  EXPECT_EQ(b.credentials.secret_name, "b2-creds");
  EXPECT_EQ(b.credentials.secret_namespace, "backup") << "unset credential fields inherit the config's";
  EXPECT_EQ(a.overrides.size(), 0u);
  ASSERT_TRUE(b.overrides.IsMap());
  EXPECT_EQ(b.overrides["schedule"].Scalar(), "weekly");
  EXPECT_EQ(b.overrides["retain"]["daily"].Scalar(), "3");
  EXPECT_EQ(b.overrides["pruneIntervalDays"].Scalar(), "14");
  EXPECT_EQ(base.credentials.secret_name, "restic");
}

// Issue 15: a repository's own mover, applied per PVC like its schedule (a typo is an error there).
TEST(Repositories, MoverPerRepository) {
  auto p = parse("- name: nas\n  local: {nfs: {server: nas, path: /k}}\n  mover: kopia\n- name: b2\n  b2: {bucket: bk}\n");
  ASSERT_TRUE(p.ok) << p.all();
  EXPECT_EQ(p.c.repositories[0].overrides["mover"].Scalar(), "kopia");
  EXPECT_FALSE(p.c.repositories[1].overrides["mover"]);
  Settings s;
  Findings f;
  EXPECT_TRUE(apply_setting_node("mover", p.c.repositories[0].overrides["mover"], config_origin(), s, f));
  EXPECT_EQ(s.mover, "kopia");
  EXPECT_FALSE(apply_setting_node("mover", load("kopai"), config_origin(), s, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("did you mean kopia?"), std::string::npos) << f[0].message;
}

// Findings about an entry point at that entry's line: the config's first line plus the entry's
// line in the list.
TEST(Repositories, FindingsAreAtTheEntrysLine) {
  auto p = parse("- name: a\n  url: s3:x/a\n- name: b\n  gcs: {}\n");
  EXPECT_FALSE(p.ok);
  ASSERT_EQ(p.f.size(), 1u) << p.all();
  EXPECT_EQ(p.f[0].field, "spec.repositories[1].gcs.bucket");
  EXPECT_EQ(p.f[0].line, config_origin().line + 2);
  ASSERT_EQ(p.c.repositories.size(), 2u);
  EXPECT_EQ(p.c.repositories[1].origin.line, config_origin().line + 2);
}

TEST(Repositories, EmptyListAddsNothing) {
  auto p = parse("[]");
  EXPECT_TRUE(p.ok);
  EXPECT_TRUE(p.f.empty());
  EXPECT_TRUE(p.c.repositories.empty());
}

TEST(Repositories, BackendNames) {
  using B = Repository::Backend;
  const std::pair<B, const char*> names[] = {{B::kUrl, "url"}, {B::kS3, "s3"},     {B::kB2, "b2"},
                                              {B::kAzure, "azure"}, {B::kGcs, "gcs"}, {B::kRest, "rest"},
                                              {B::kLocal, "local"}};
  for (const auto& [b, name] : names) {
    EXPECT_STREQ(backend_name(b), name);
    // Every name is also the block key that selects that backend, and messages about it use it.
    if (b == B::kUrl) continue;
    Config c;
    Findings f;
    parse_repositories(load(std::string("- ") + name + ": {zz: 1}\n"), config_origin(), c, f);
    ASSERT_FALSE(f.empty()) << name;
    EXPECT_EQ(f[0].field, std::string("spec.repositories[0].") + name + ".zz");
    EXPECT_EQ(f[0].message, std::string("unknown field \"zz\" in a ") + name + " repository");
  }
}

}  // namespace
}  // namespace vg

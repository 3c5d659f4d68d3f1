#include "volsync/kopia_credentials.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "krm/base64.h"
#include "support/test_util.h"
#include "support/volsync_util.h"

namespace vg {
namespace {

using vg::test::load;

InputObject secret(const std::string& kv, const std::string& name = "kopia", const std::string& ns = "backup") {
  return InputObject(load("apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
                          "\nstringData: {" + kv + "}\n"),
                     "in.yaml", 5);
}

std::vector<InputObject> items_of(std::vector<std::pair<std::string, std::string>> secrets) {
  std::vector<InputObject> out;
  for (auto& [kv, name] : secrets) out.push_back(secret(kv, name));
  return out;
}

Config config(std::vector<Repository> repos) {
  Config c;
  c.repositories = std::move(repos);
  c.origin.resource = {"volsync-gen.io/v1alpha1", "VolSyncBackup", "cfg", ""};
  c.origin.file = "config.yaml";
  c.origin.line = 2;
  return c;
}

Repository b2(std::string secret_name = "kopia") {
  Repository r;
  r.backend = Repository::Backend::kB2;
  r.bucket = "offsite";
  r.name = "b2";
  r.credentials.secret_name = std::move(secret_name);
  return r;
}

using Loaded = vg::test::LoadedCredentials;

Loaded load_kopia(std::vector<InputObject>& items, const Repository& repo, const Config& c, MoverUse use = {false, true}) {
  Loaded l;
  l.ok = load_source_credentials(items, repo, c, l.creds, l.f, {}, use);
  return l;
}

TEST(KopiaSource, Complete) {
  std::vector<InputObject> items = items_of({{"KOPIA_PASSWORD: pw, B2_ACCOUNT_ID: id, B2_APPLICATION_KEY: key", "kopia"}});
  Loaded l = load_kopia(items, b2(), config({b2()}));
  EXPECT_TRUE(l.ok) << l.all();
  EXPECT_TRUE(l.f.empty()) << l.all();
}

TEST(KopiaSource, ResticShapedSecret) {
  std::vector<InputObject> items = items_of({{"RESTIC_PASSWORD: pw, B2_ACCOUNT_ID: id, B2_ACCOUNT_KEY: key, KOPIA_LOG_LEVEL: debug, KOPIA_S3_BUCKET: b", "kopia"}});
  Loaded l = load_kopia(items, b2(), config({b2()}));
  EXPECT_FALSE(l.ok);
  const Finding* pw = l.find("source-secret", "data.KOPIA_PASSWORD");
  ASSERT_TRUE(pw) << l.all();
  EXPECT_EQ(pw->hint, "the kopia mover reads KOPIA_PASSWORD, not RESTIC_PASSWORD");
  const Finding* key = l.find("secret-backend-keys", "data.B2_APPLICATION_KEY");
  ASSERT_TRUE(key) << l.all();
  EXPECT_EQ(key->severity, Severity::kError);
  EXPECT_EQ(key->hint, "B2_ACCOUNT_KEY is restic's name; the kopia mover reads B2_APPLICATION_KEY");
  const Finding* ignored = l.find("secret-key-ignored", "data.KOPIA_LOG_LEVEL");
  ASSERT_TRUE(ignored) << l.all();
  EXPECT_EQ(ignored->severity, Severity::kWarning);
  ASSERT_TRUE(l.find("source-secret", "data.KOPIA_S3_BUCKET")) << l.all();  // would win over the b2 block
  // Values are never in a message.
  for (const auto& x : l.f) EXPECT_EQ(x.to_text().find("key,"), std::string::npos) << x.to_text();
}

TEST(KopiaSource, BothMoversShareOneSecret) {
  std::vector<InputObject> items = items_of({{"KOPIA_PASSWORD: k, RESTIC_PASSWORD: r, B2_ACCOUNT_ID: id, B2_APPLICATION_KEY: a, B2_ACCOUNT_KEY: b", "kopia"}});
  Loaded l = load_kopia(items, b2(), config({b2()}), MoverUse{true, true});
  EXPECT_TRUE(l.ok) << l.all();
  // Each mover's keys are the other's "ignored" keys: no warning about either.
  EXPECT_FALSE(l.find("secret-key-ignored", "data.RESTIC_PASSWORD")) << l.all();
  EXPECT_FALSE(l.find("secret-key-ignored", "data.KOPIA_PASSWORD")) << l.all();
  EXPECT_FALSE(l.find("secret-key-ignored", "data.B2_APPLICATION_KEY")) << l.all();
}

TEST(KopiaSource, UrlRepositoryFromTheSecret) {
  Repository url;
  url.credentials.secret_name = "kopia";
  std::vector<InputObject> items = items_of({{"KOPIA_PASSWORD: pw, KOPIA_REPOSITORY: 'filesystem:///repository'", "kopia"}});
  Loaded l = load_kopia(items, url, config({url}));
  EXPECT_TRUE(l.ok) << l.all();
  EXPECT_EQ(l.creds.repository_base, "filesystem:///repository");
  std::vector<InputObject> bad = items_of({{"KOPIA_PASSWORD: pw, KOPIA_REPOSITORY: 'b2://bucket'", "kopia"}});
  l = load_kopia(bad, url, config({url}));
  EXPECT_FALSE(l.ok);
  const Finding* f = l.find("repository", "data.KOPIA_REPOSITORY");
  ASSERT_TRUE(f) << l.all();
  EXPECT_EQ(f->message.find("b2://bucket"), std::string::npos) << "a Secret's value is never echoed";
}

TEST(KopiaSecretData, LocationOverridesTheSource) {
  SourceCredentials creds;
  creds.values = {{"KOPIA_PASSWORD", "pw"}, {"KOPIA_REPOSITORY", "stale"}, {"RESTIC_PASSWORD", "restic's"}};
  KopiaLocation loc{"b2://offsite", {{"KOPIA_B2_BUCKET", "offsite"}}};
  Doc data = kopia_secret_data(&creds, loc);
  EXPECT_EQ(data["KOPIA_REPOSITORY"].Scalar(), base64_encode("b2://offsite"));
  EXPECT_EQ(data["KOPIA_B2_BUCKET"].Scalar(), base64_encode("offsite"));
  EXPECT_EQ(data["KOPIA_PASSWORD"].Scalar(), base64_encode("pw"));
  EXPECT_FALSE(data.find("RESTIC_PASSWORD")) << "a Secret shared by both movers: the kopia one carries kopia's password only";
}

TEST(KopiaExternalSecret, TemplateDataAndProperties) {
  Repository r = b2();
  r.credentials.mode = Credentials::Mode::kExternalSecret;
  KopiaLocation loc{"b2://offsite", {{"KOPIA_B2_BUCKET", "offsite"}}};
  Doc data = kopia_external_secret_data(r, loc);
  EXPECT_EQ(data["KOPIA_REPOSITORY"].Scalar(), "b2://offsite");
  EXPECT_EQ(data["KOPIA_B2_BUCKET"].Scalar(), "offsite");
  EXPECT_EQ(data["KOPIA_PASSWORD"].Scalar(), "{{ .KOPIA_PASSWORD }}");
  EXPECT_EQ(data["B2_APPLICATION_KEY"].Scalar(), "{{ .B2_APPLICATION_KEY }}");

  r.credentials.properties = {{"KOPIA_PASSWORD", "password"}, {"B2_ACCOUNT_ID", "id"}};
  Config c = config({r});
  Findings f;
  check_kopia_external_secret_properties(c, 0, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "secret-backend-keys");
  EXPECT_NE(f[0].message.find("map no B2_APPLICATION_KEY"), std::string::npos) << f[0].message;
}

TEST(KopiaPasswords, OneRepositoryOnePassword) {
  Repository s3;
  s3.backend = Repository::Backend::kS3;
  s3.bucket = "kopia";
  s3.endpoint = "https://s3.example.com";
  Config c = config({s3, b2()});
  std::vector<InputObject> objects =
      items_of({{"KOPIA_PASSWORD: a", "team-a"}, {"KOPIA_PASSWORD: b", "team-b"}, {"KOPIA_PASSWORD: a", "team-c"}});
  auto creds = [](std::size_t item, std::string pw) {
    SourceCredentials s;
    s.item_index = item;
    s.values = {{"KOPIA_PASSWORD", std::move(pw)}};
    return std::optional<SourceCredentials>(s);
  };
  LoadedSources loaded;
  loaded[{0, "team-a"}] = creds(0, "pw-alpha");
  loaded[{0, "team-c"}] = creds(2, "pw-alpha");
  Findings f;
  check_kopia_passwords(c, loaded, {true, true}, objects, f);
  EXPECT_TRUE(f.empty());
  loaded[{0, "team-b"}] = creds(1, "pw-beta");
  check_kopia_passwords(c, loaded, {true, true}, objects, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "kopia-password-mismatch");
  EXPECT_EQ(f[0].resource.name, "team-b");
  EXPECT_NE(f[0].message.find("Secret backup/team-a"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].message.find("pw-beta"), std::string::npos);
  EXPECT_EQ(f[0].message.find("pw-alpha"), std::string::npos);
  // Another repository (the b2 one) may have its own password; a restic repository is not checked.
  f.clear();
  loaded.erase({0, "team-b"});
  loaded[{1, "team-b"}] = creds(1, "pw-beta");
  check_kopia_passwords(c, loaded, {true, true}, objects, f);
  EXPECT_TRUE(f.empty());
  loaded[{0, "team-b"}] = creds(1, "pw-beta");
  check_kopia_passwords(c, loaded, {false, true}, objects, f);
  EXPECT_TRUE(f.empty());
}

TEST(KopiaRepositoryConfig, ReportedAtTheRepository) {
  Repository bad = b2();
  bad.prefix = "k8s";
  Config c = config({b2(), bad});
  c.raw_repositories = Doc::sequence();
  c.raw_repositories.push_back(Doc::map());
  c.raw_repositories.push_back(Doc::map());
  Findings f;
  check_kopia_repository_config(c, 0, f);
  EXPECT_TRUE(f.empty());
  check_kopia_repository_config(c, 1, f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "repository");
  EXPECT_EQ(f[0].field, "spec.repositories[1]");
  EXPECT_NE(f[0].message.find("no prefix for b2"), std::string::npos) << f[0].message;
}

}  // namespace
}  // namespace vg

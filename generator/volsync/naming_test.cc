#include "volsync/naming.h"

#include <gtest/gtest.h>

#include <string>

namespace vg {
namespace {

using KV = std::vector<std::pair<std::string, std::string>>;

PvcFacts pvc(std::string name, KV labels = {}, KV annotations = {}) {
  PvcFacts p;
  p.name = std::move(name);
  p.namespace_ = "media";
  p.labels = std::move(labels);
  p.annotations = std::move(annotations);
  return p;
}

Repository repo(std::string name = {}) {
  Repository r;
  r.name = std::move(name);
  return r;
}

TEST(Naming, TemplatesAreCheckedForSyntaxAndVariables) {
  EXPECT_FALSE(naming_template_error("${namespace}/${pvc}"));
  EXPECT_FALSE(naming_template_error("${app}-${repository}-dst"));
  EXPECT_FALSE(naming_template_error("plain-name"));
  ASSERT_TRUE(naming_template_error("${APP}"));
  EXPECT_NE(naming_template_error("${APP}")->find("unknown variable ${APP}"), std::string::npos);
  ASSERT_TRUE(naming_template_error("x-${name"));
  EXPECT_NE(naming_template_error("x-${name")->find("without a closing }"), std::string::npos);
}

TEST(Naming, AppComesFromTheNameLabelThenInstanceThenApp) {
  EXPECT_EQ(pvc_app(pvc("d", {{"app", "c"}, {"app.kubernetes.io/instance", "b"}, {"app.kubernetes.io/name", "a"}})),
            "a");
  EXPECT_EQ(pvc_app(pvc("d", {{"app", "c"}, {"app.kubernetes.io/instance", "b"}})), "b");
  EXPECT_EQ(pvc_app(pvc("d", {{"app", "c"}})), "c");
  EXPECT_FALSE(pvc_app(pvc("d", {{"team", "x"}})));
}

TEST(Naming, UnsetTemplatesGiveTodaysNames) {
  std::string error;
  auto one = resolve_repo_names(pvc("config"), "config", repo(), Naming{}, error);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->source, "config-backup");
  EXPECT_EQ(one->secret, "config-volsync-secret");
  EXPECT_EQ(one->path, "media/config");
  auto named = resolve_repo_names(pvc("config"), "cfg", repo("b2"), Naming{}, error);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->source, "cfg-backup-b2");
  EXPECT_EQ(named->secret, "cfg-volsync-b2");
  EXPECT_EQ(resolve_destination_name(pvc("config"), "cfg", repo(), Naming{}, error), "cfg-restore");
}

TEST(Naming, TemplatesResolveEveryVariable) {
  // A Flux component's shape: ${APP} objects, ${APP}-dst restore, repository <base>/${APP}.
  const Naming n{.repository_path = "${app}", .source = "${app}-${repository}", .destination = "${app}-dst",
                 .secret = "${app}-volsync-${repository}"};
  std::string error;
  const PvcFacts p = pvc("config-radarr-0", {{"app.kubernetes.io/name", "radarr"}});
  auto r = resolve_repo_names(p, "config-radarr-0", repo("minio"), n, error);
  ASSERT_TRUE(r) << error;
  EXPECT_EQ(r->source, "radarr-minio");
  EXPECT_EQ(r->secret, "radarr-volsync-minio");
  EXPECT_EQ(r->path, "radarr");
  EXPECT_EQ(resolve_destination_name(p, "config-radarr-0", repo("minio"), n, error), "radarr-dst");
  const Naming all{.repository_path = "${namespace}/${pvc}/${name}", .source = "", .destination = "", .secret = ""};
  EXPECT_EQ(resolve_repo_names(p, "base", repo(), all, error)->path, "media/config-radarr-0/base");
}

TEST(Naming, AppWithoutLabelIsAnErrorNamingThePvc) {
  std::string error;
  EXPECT_FALSE(resolve_repo_names(pvc("data"), "data", repo(), Naming{.source = "${app}"}, error));
  EXPECT_NE(error.find("PVC media/data"), std::string::npos) << error;
  EXPECT_NE(error.find("app.kubernetes.io/name"), std::string::npos) << error;
}

TEST(Naming, RepositoryVariableNeedsANamedRepository) {
  std::string error;
  EXPECT_FALSE(resolve_repo_names(pvc("data"), "data", repo(), Naming{.source = "${name}-${repository}"}, error));
  EXPECT_NE(error.find("${repository}"), std::string::npos) << error;
}

TEST(Naming, AnnotationsOverrideTheConfigAndTheSuffixedFormWins) {
  Config c;
  c.defaults.naming.source = "${name}-src";
  const PvcFacts p = pvc("data", {}, {{"volsync-gen.io/source-name.b2", "data-b2"},
                                      {"volsync-gen.io/source-name", "data"},
                                      {"volsync-gen.io/repository-path", "old-name"}});
  EXPECT_EQ(naming_for(p, c, repo("b2")).source, "data-b2");
  EXPECT_EQ(naming_for(p, c, repo("minio")).source, "data");
  EXPECT_EQ(naming_for(p, c, repo("minio")).repository_path, "old-name");
  EXPECT_EQ(naming_for(pvc("other"), c, repo("minio")).source, "${name}-src");
}

TEST(Naming, BaseNameIsUsedUnlessEveryNameIsTemplatedWithoutIt) {
  EXPECT_TRUE(naming_uses_base(Naming{}));
  EXPECT_TRUE(naming_uses_base(Naming{.source = "${app}", .destination = "${app}-dst", .secret = "${name}-s"}));
  EXPECT_FALSE(naming_uses_base(Naming{.source = "${app}", .destination = "${app}-dst", .secret = "${app}-s"}));
}

}  // namespace
}  // namespace vg

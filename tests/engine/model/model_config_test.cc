#include "engine/model/model_config.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

#include "engine/model/json_value.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::model {
namespace {

using ::stori::testing::IsOk;
using ::stori::testing::StatusIs;

TEST(ParseJson, ReadsNestedValuesAndEscapes) {
  auto v = ParseJson(R"( {"a": [1, -2.5e1, true, null], "s": "x\"\u00e9\ud83c\udfb5", "o": {}} )");
  ASSERT_THAT(v, IsOk());
  ASSERT_TRUE(v->is_object());
  const JsonValue* a = v->Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->array().size(), 4u);
  EXPECT_EQ(a->array()[1].number(), -25.0);
  EXPECT_TRUE(a->array()[2].bool_value());
  EXPECT_EQ(a->array()[3].type(), JsonValue::Type::kNull);
  EXPECT_EQ(v->Find("s")->string(), "x\"\xc3\xa9\xf0\x9f\x8e\xb5");
  EXPECT_TRUE(v->Find("o")->is_object());
  EXPECT_EQ(v->Find("missing"), nullptr);
}

TEST(ParseJson, MalformedInputIsInvalidArgumentWithOffset) {
  EXPECT_THAT(ParseJson("{\"a\": }"), StatusIs(absl::StatusCode::kInvalidArgument, "byte 6"));
  EXPECT_THAT(ParseJson("[1, 2"), StatusIs(absl::StatusCode::kInvalidArgument, "']'"));
  EXPECT_THAT(ParseJson("\"abc"), StatusIs(absl::StatusCode::kInvalidArgument, "closing"));
  EXPECT_THAT(ParseJson("1 2"), StatusIs(absl::StatusCode::kInvalidArgument, "end of input"));
  EXPECT_THAT(ParseJson(std::string(100, '[')),
              StatusIs(absl::StatusCode::kInvalidArgument, "nesting"));
}

TEST(ParseModelConfig, ReadsTheContractFields) {
  auto c = ParseModelConfig(R"({"name": "stori-remi", "version": "v1", "vocab_size": 611,
      "num_layers": 4, "num_heads": 4, "head_dim": 48, "max_positions": 1024, "d_model": 192,
      "val_loss": null})",
                            "config.json");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->name, "stori-remi");
  EXPECT_EQ(c->version, "v1");
  EXPECT_EQ(c->vocab_size, 611);
  EXPECT_EQ(c->head_dim, 48);
  EXPECT_EQ(c->max_positions, 1024);
  EXPECT_EQ(c->bars_per_window, ModelConfig::kDefaultBarsPerWindow);  // absent: v1-v3 exports
}

TEST(ParseModelConfig, ReadsBarsPerWindowAndRejectsBadOnes) {
  const std::string head = R"({"name": "m", "version": "v4", "vocab_size": 617,
      "num_layers": 4, "num_heads": 4, "head_dim": 48, "max_positions": 2048, )";
  auto c = ParseModelConfig(head + R"("bars_per_window": 8})", "config.json");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->bars_per_window, 8);
  EXPECT_THAT(ParseModelConfig(head + R"("bars_per_window": 0})", "cfg.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "cfg.json: \"bars_per_window\""));
  EXPECT_THAT(ParseModelConfig(head + R"("bars_per_window": "8"})", "cfg.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "bars_per_window"));
  EXPECT_THAT(ParseModelConfig(head + R"("bars_per_window": 65})", "cfg.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "at most 64"));
}

TEST(ParseModelConfig, MissingOrBadFieldIsInvalidArgumentNamingIt) {
  EXPECT_THAT(ParseModelConfig(R"({"name": "m", "version": "v1", "vocab_size": 611,
      "num_layers": 4, "num_heads": 4, "head_dim": 48})",
                               "cfg.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "cfg.json: \"max_positions\""));
  EXPECT_THAT(ParseModelConfig(R"({"name": "m", "version": "v1", "vocab_size": 61.5,
      "num_layers": 4, "num_heads": 4, "head_dim": 48, "max_positions": 8})",
                               "cfg.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "got 61.5"));
  EXPECT_THAT(ParseModelConfig("[]", "cfg.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "object"));
}

TEST(CheckVocabularyMatches, NamesTheFirstDifference) {
  const tokens::Vocabulary vocab;
  std::vector<std::string> names;
  for (int i = 0; i < vocab.size(); ++i) names.push_back(vocab.Name(i));
  EXPECT_THAT(CheckVocabularyMatches(names, vocab, "vocab.json"), IsOk());
  names[5] = "Track_kazoo";
  EXPECT_THAT(CheckVocabularyMatches(names, vocab, "vocab.json"),
              StatusIs(absl::StatusCode::kFailedPrecondition, "token 5 is \"Track_kazoo\""));
  names[5] = vocab.Name(5);
  names.pop_back();
  EXPECT_THAT(CheckVocabularyMatches(names, vocab, "vocab.json"),
              StatusIs(absl::StatusCode::kFailedPrecondition, "tokens"));
}

TEST(ParseVocabTokens, ReadsVocabularyToJson) {
  const tokens::Vocabulary vocab;
  auto names = ParseVocabTokens(vocab.ToJson(), "vocab.json");
  ASSERT_THAT(names, IsOk());
  EXPECT_THAT(CheckVocabularyMatches(*names, vocab, "vocab.json"), IsOk());
  const std::string version = absl::StrCat(R"({"version": )", tokens::Vocabulary::kVersion);
  EXPECT_THAT(ParseVocabTokens(version + R"(, "tokens": [1]})", "v.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, "tokens[0]"));
}

TEST(ParseVocabTokens, RefusesAnotherTokenGrammarVersion) {
  // Version 1 had no inline Chord after Position: its models must not run on this grammar.
  EXPECT_THAT(ParseVocabTokens(R"({"version": 1, "tokens": ["Pad"]})", "v.json"),
              StatusIs(absl::StatusCode::kFailedPrecondition, "token grammar version 1"));
  EXPECT_THAT(ParseVocabTokens(R"({"tokens": ["Pad"]})", "v.json"),
              StatusIs(absl::StatusCode::kFailedPrecondition, "version missing"));
}

}  // namespace
}  // namespace stori::model

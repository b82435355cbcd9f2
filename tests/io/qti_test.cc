// QTI import (2.1, 2.2, 3.0) and QTI 3.0 export of the question bank (io/qti.h).
#include "io/qti.h"

#include <filesystem>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::io {
namespace {

using ::bimtek::testing::StatusIs;
using questions::ItemType;
using questions::Question;
using ::testing::ElementsAre;
using ::testing::Pair;

std::string TestData(const std::string& rel) {
  return ::bimtek::testing::SourceDir() + "/tests/testdata/qti/" + rel;
}

// The package as the importer sees a zip: written and read back.
PackageFiles Zipped(const PackageFiles& files) {
  auto zip = WriteZip(files);
  EXPECT_TRUE(zip.ok()) << zip.status();
  auto back = ReadZip(*zip, "test.zip");
  EXPECT_TRUE(back.ok()) << back.status();
  return *back;
}

const Question* Find(const QtiImport& r, const std::string& id) {
  for (const Question& q : r.items) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

// "item|field|code" of every problem.
std::vector<std::string> Problems(const QtiImport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) {
    EXPECT_TRUE(questions::IsKnownItemProblemCode(p.code)) << p.code;
    out.push_back(p.item + "|" + p.field + "|" + p.code);
  }
  return out;
}

TEST(QtiImport, Qti21PackageWithImageMappingAndMatching) {
  auto dir = ReadDirectory(TestData("qti21-package"));
  ASSERT_TRUE(dir.ok()) << dir.status();
  auto r = ImportQti(Zipped(*dir), {"M3", {"voting"}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->items.size(), 3u);

  const Question* open = Find(*r, "TPS-OPEN");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->type, ItemType::kSingle);
  EXPECT_EQ(open->stem, "Pemungutan suara di TPS dimulai pukul berapa?\nPilih satu jawaban.");
  EXPECT_THAT(open->options, ElementsAre(questions::Choice{"ChoiceA", "06.00"},
                                         questions::Choice{"ChoiceB", "07.00"},
                                         questions::Choice{"ChoiceC", "08.00"}));
  EXPECT_THAT(open->key, ElementsAre("ChoiceB"));
  EXPECT_EQ(open->explanation, "Pukul 07.00 sampai 13.00 waktu setempat.");
  ASSERT_TRUE(open->media.has_value());
  EXPECT_EQ(open->media->src, "images/jam.svg");
  EXPECT_EQ(open->media->alt, "Jam dinding");
  EXPECT_EQ(open->media->bytes,
            ::bimtek::testing::ReadFileOrDie(TestData("qti21-package/images/jam.svg")));
  EXPECT_EQ(open->module, "M3");
  EXPECT_THAT(open->topics, ElementsAre("voting"));
  EXPECT_EQ(r->qti_version.at("TPS-OPEN"), "2.1");

  const Question* kotak = Find(*r, "KOTAK");
  ASSERT_NE(kotak, nullptr);
  EXPECT_EQ(kotak->type, ItemType::kMultiple);
  EXPECT_THAT(kotak->key, ElementsAre("A", "C"));  // from the mapping's positive entries
  EXPECT_EQ(kotak->stem, "Mana yang kotak suara Pemilu 2024?");

  const Question* form = Find(*r, "FORMULIR");
  ASSERT_NE(form, nullptr);
  EXPECT_EQ(form->type, ItemType::kMatching);
  EXPECT_EQ(form->left.size(), 2u);
  EXPECT_EQ(form->right.size(), 3u);
  EXPECT_THAT(form->pairs, ElementsAre(Pair("F1", "T2"), Pair("F2", "T1")));

  ASSERT_EQ(r->unsupported.size(), 1u);
  EXPECT_EQ(r->unsupported[0].item, "jumlah");
  EXPECT_EQ(r->unsupported[0].file, "items/jumlah.xml");
  EXPECT_EQ(r->unsupported[0].interaction, "textEntryInteraction");
  EXPECT_THAT(Problems(*r),
              ::testing::UnorderedElementsAre(
                  "TPS-OPEN|id|question.qti.id_renamed", "KOTAK|id|question.qti.id_renamed",
                  "KOTAK|key|question.qti.key_from_mapping", "FORMULIR|id|question.qti.id_renamed",
                  "JUMLAH|id|question.qti.id_renamed", "JUMLAH||question.qti.unsupported",
                  "KOTAK|explanation|question.explanation.missing",
                  "FORMULIR|explanation|question.explanation.missing"));
}

TEST(QtiImport, ItemsWithoutModuleAreErrors) {
  auto dir = ReadDirectory(TestData("qti21-package"));
  ASSERT_TRUE(dir.ok()) << dir.status();
  auto r = ImportQti(*dir);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(Problems(*r), ::testing::Contains("TPS-OPEN|module|question.module.missing"));
  EXPECT_THAT(Problems(*r), ::testing::Contains("FORMULIR|topics|question.topics.missing"));
}

TEST(QtiImport, LooseQti3ItemsWithoutManifest) {
  auto dir = ReadDirectory(TestData("qti30-items"));
  ASSERT_TRUE(dir.ok()) << dir.status();
  auto r = ImportQti(*dir, {"M2", {"roles"}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->items.size(), 2u);
  const Question* saksi = Find(*r, "SAKSI-01");
  ASSERT_NE(saksi, nullptr);
  EXPECT_EQ(saksi->type, ItemType::kSingle);
  EXPECT_THAT(saksi->key, ElementsAre("c2"));
  EXPECT_EQ(saksi->explanation, "Saksi membawa surat mandat.");
  EXPECT_EQ(r->qti_version.at("SAKSI-01"), "3.0");
  const Question* peran = Find(*r, "PERAN-1");
  ASSERT_NE(peran, nullptr);
  EXPECT_EQ(peran->stem, "Pasangkan anggota KPPS dengan tugasnya.");
  EXPECT_THAT(peran->pairs, ElementsAre(Pair("K1", "T1"), Pair("K4", "T2")));
  ASSERT_EQ(r->unsupported.size(), 1u);
  EXPECT_EQ(r->unsupported[0].item, "URUTAN");
  EXPECT_EQ(r->unsupported[0].file, "urutan.xml");
  EXPECT_EQ(r->unsupported[0].interaction, "qti-order-interaction");
}

TEST(QtiImport, BrokenFilesAreReportedByFile) {
  PackageFiles files = {
      {"imsmanifest.xml",
       "<manifest><resources>"
       "<resource identifier='a' type='imsqti_item_xmlv3p0' href='a.xml'/>"
       "<resource identifier='b' type='imsqti_item_xmlv3p0' href='missing.xml'/>"
       "<resource identifier='c' type='imsqti_item_xmlv3p0' href='c.xml'/>"
       "<resource identifier='d' type='imsqti_item_xmlv3p0' href='d.xml'/>"
       "</resources></manifest>"},
      {"a.xml", "<qti-assessment-item identifier='A'><qti-item-body><p>x</p>"},
      {"c.xml", "<qti-assessment-test identifier='T'/>"},
      {"d.xml",
       "<qti-assessment-item identifier='D'><qti-response-declaration identifier='RESPONSE' "
       "cardinality='single'/><qti-item-body><qti-choice-interaction "
       "response-identifier='RESPONSE' max-choices='1'><qti-simple-choice "
       "identifier='A'>a</qti-simple-choice></qti-choice-interaction></qti-item-body>"
       "</qti-assessment-item>"},
  };
  auto r = ImportQti(files, {"M1", {"roles"}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(Problems(*r),
              ::testing::IsSupersetOf(
                  {"a.xml||question.qti.bad_xml", "missing.xml||question.qti.file_missing",
                   "c.xml||question.qti.not_item", "D|key|question.qti.no_correct_response"}));
  EXPECT_THAT(ImportQti({{"imsmanifest.xml", "<manifest"}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "imsmanifest.xml"));
  EXPECT_THAT(ReadZip("PK\x03\x04 not really", "x.zip").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "x.zip: not a zip file"));
}

std::vector<Question> AllKinds() {
  Question single;
  single.id = "M3-SAH-001";
  single.type = ItemType::kSingle;
  single.module = "M3";
  single.topics = {"validity", "voting"};
  single.stem = "Baris satu & <dua> \"tiga\"\n\nBaris empat: ünïcödé — Rp 1.000";
  single.options = {{"A", "Tidak sah"}, {"B", "Sah  (dua spasi)"}, {"C", " awal spasi"}};
  single.key = {"B"};
  single.explanation = "Pasal 53.\nBaris kedua.";
  single.source = "pemilu2024.md §5";
  single.media = questions::Media{"images/surat-suara.png", "Surat suara dicoblos dua kali",
                                  std::string("\x89PNG\r\n\x1a\n\0\0binary", 18)};
  Question multi;
  multi.id = "M4-HIT-002";
  multi.type = ItemType::kMultiple;
  multi.module = "M4";
  multi.topics = {"counting"};
  multi.stem = "Pilih semua yang benar.";
  multi.options = {{"A", "satu"}, {"B", "dua"}, {"C", "tiga"}, {"D", "empat"}};
  multi.key = {"A", "C", "D"};
  multi.explanation = "Tiga benar.";
  Question tf;
  tf.id = "M2-ETK-003";
  tf.type = ItemType::kTrueFalse;
  tf.module = "M2";
  tf.topics = {"ethics-neutrality"};
  tf.stem = "KPPS boleh memakai atribut partai.";
  tf.options = {{"B", "Benar"}, {"S", "Salah"}};
  tf.key = {"S"};
  tf.explanation = "Tidak boleh: netral.";
  tf.source = "pemilu2024.md §3";
  tf.media = questions::Media{"images/atribut.svg", "Kaos partai", "<svg/>"};
  Question match;
  match.id = "EVAL-FRM-004";
  match.type = ItemType::kMatching;
  match.module = "EVAL";
  match.topics = {"forms", "counting"};
  match.stem = "Pasangkan.";
  match.left = {{"L1", "C.Hasil"}, {"L2", "D.Hasil"}, {"L3", "C.Pemberitahuan"}};
  match.right = {{"R1", "kecamatan"}, {"R2", "TPS"}, {"R3", "pemilih"}, {"R4", "pengecoh"}};
  match.pairs = {{"L1", "R2"}, {"L2", "R1"}, {"L3", "R3"}};
  match.explanation = "C di TPS, D di kecamatan.";
  return {single, multi, tf, match};
}

TEST(QtiExport, ExportThenImportLosesNothing) {
  const std::vector<Question> items = AllKinds();
  auto files = ExportQti3(items);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_TRUE(files->contains("imsmanifest.xml"));
  EXPECT_TRUE(files->contains("M3-SAH-001.xml"));
  EXPECT_TRUE(files->contains("images/surat-suara.png"));
  const std::string& item = files->at("M4-HIT-002.xml");
  EXPECT_THAT(item, ::testing::HasSubstr("cardinality=\"multiple\""));
  EXPECT_THAT(item, ::testing::HasSubstr("<qti-value>D</qti-value>"));
  EXPECT_THAT(files->at("EVAL-FRM-004.xml"), ::testing::HasSubstr("<qti-value>L3 R3</qti-value>"));
  EXPECT_THAT(files->at("M2-ETK-003.xml"), ::testing::HasSubstr("qti-modal-feedback"));

  auto r = ImportQti(Zipped(*files));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(Problems(*r), ::testing::IsEmpty());
  EXPECT_THAT(r->unsupported, ::testing::IsEmpty());
  ASSERT_EQ(r->items.size(), items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const Question& a = items[i];
    const Question& b = r->items[i];
    SCOPED_TRACE(a.id);
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.type, a.type);
    EXPECT_EQ(b.module, a.module);
    EXPECT_EQ(b.topics, a.topics);
    EXPECT_EQ(b.stem, a.stem);
    EXPECT_EQ(b.options, a.options);
    EXPECT_EQ(b.key, a.key);
    EXPECT_EQ(b.left, a.left);
    EXPECT_EQ(b.right, a.right);
    EXPECT_EQ(b.pairs, a.pairs);
    EXPECT_EQ(b.explanation, a.explanation);
    EXPECT_EQ(b.source, a.source);
    EXPECT_EQ(b.media, a.media);
    EXPECT_TRUE(b.SameContent(a));
    EXPECT_EQ(r->qti_version.at(a.id), "3.0");
  }
}

TEST(QtiExport, RefusesInvalidItemsAndMissingImages) {
  std::vector<Question> items = AllKinds();
  items[1].key = {"Z"};
  EXPECT_THAT(ExportQti3(items).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "M4-HIT-002, key[0]"));
  items = AllKinds();
  items[0].media->bytes.clear();
  EXPECT_THAT(ExportQti3(items).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "images/surat-suara.png has no bytes"));
  items = AllKinds();
  items[2].media->src = items[0].media->src;
  items[2].media->bytes = "other";
  EXPECT_THAT(ExportQti3(items).status(), StatusIs(absl::StatusCode::kInvalidArgument, "differs"));
}

// ---- the corpus of packages written by others (../shared/data/qti, SOURCES.md)

std::string CorpusDir() { return ::bimtek::testing::SourceDir() + "/../shared/data/qti"; }

#define SKIP_WITHOUT_CORPUS()                                                            \
  if (!std::filesystem::exists(CorpusDir() + "/SOURCES.md")) {                           \
    GTEST_SKIP() << "the QTI corpus ../shared/data/qti is absent; corpus tests skipped"; \
  }

QtiImport ImportCorpus(const std::string& rel) {
  auto files = ReadDirectory(CorpusDir() + "/" + rel);
  EXPECT_TRUE(files.ok()) << files.status();
  auto r = ImportQti(Zipped(*files), {"M3", {"voting"}});
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

std::map<std::string, std::string> Unsupported(const QtiImport& r) {
  std::map<std::string, std::string> out;
  for (const auto& u : r.unsupported) out[u.file] = u.interaction;
  return out;
}

TEST(QtiCorpus, QtiWorks21) {
  SKIP_WITHOUT_CORPUS();
  QtiImport r = ImportCorpus("qtiworks");
  ASSERT_EQ(r.items.size(), 5u);
  for (const Question& q : r.items) {
    SCOPED_TRACE(q.id);
    EXPECT_EQ(r.qti_version.at(q.id), "2.1");
  }
  // choice-feedback: single, blue; chc_mcqS: single, ChoiceA; chc_mulS: multiple A, B;
  // choice-min: multiple A, C. Two files share the identifier "choice": said, by item.
  std::vector<std::vector<std::string>> keys;
  for (const Question& q : r.items) keys.push_back(q.key);
  EXPECT_THAT(keys, ::testing::IsSupersetOf({std::vector<std::string>{"blue"},
                                             std::vector<std::string>{"ChoiceA"},
                                             std::vector<std::string>{"ChoiceA", "ChoiceB"},
                                             std::vector<std::string>{"ChoiceA", "ChoiceC"}}));
  EXPECT_THAT(Problems(r), ::testing::Contains("CHOICE|id|question.id.duplicate"));
  // chc_pairingGS has no correctResponse: the key comes from the mapping's positive entries.
  const Question* pairing = Find(r, "DEMO-1-3");
  ASSERT_NE(pairing, nullptr);
  EXPECT_EQ(pairing->type, ItemType::kMatching);
  EXPECT_THAT(pairing->pairs, ElementsAre(Pair("A", "K"), Pair("B", "L"), Pair("C", "M"),
                                          Pair("D", "N"), Pair("E", "O"), Pair("G", "M")));
  EXPECT_EQ(pairing->left.size(), 7u);
  EXPECT_EQ(pairing->right.size(), 6u);
  EXPECT_THAT(
      Unsupported(r),
      ElementsAre(
          Pair("regressions/extendedTextInteraction-multiple1.xml", "extendedTextInteraction"),
          Pair("testimplementation/GrahamSmith-French-01/ghfrench-01-01.xml", "orderInteraction"),
          Pair("testimplementation/dave/addition-feedback.xml", "textEntryInteraction")));
}

TEST(QtiCorpus, PieQti22Package) {
  SKIP_WITHOUT_CORPUS();
  QtiImport r = ImportCorpus("pie-qti/basic-interactions");
  ASSERT_EQ(r.items.size(), 3u);
  std::map<std::string, const Question*> by_type;
  for (const Question& q : r.items) by_type[std::string(questions::TypeName(q.type))] = &q;
  ASSERT_TRUE(by_type.contains("single") && by_type.contains("multiple") &&
              by_type.contains("matching"));
  EXPECT_THAT(by_type["single"]->key, ElementsAre("ChoiceC"));
  EXPECT_THAT(by_type["multiple"]->key, ElementsAre("ChoiceA", "ChoiceC", "ChoiceD"));
  EXPECT_THAT(by_type["matching"]->pairs,
              ElementsAre(Pair("A", "B"), Pair("C", "D"), Pair("E", "F")));
  for (const Question& q : r.items) EXPECT_EQ(r.qti_version.at(q.id), "2.2");
  EXPECT_THAT(Unsupported(r), ElementsAre(Pair("inline_choice.xml", "inlineChoiceInteraction"),
                                          Pair("text_entry.xml", "textEntryInteraction")));
}

TEST(QtiCorpus, PieQti3LooseItems) {
  SKIP_WITHOUT_CORPUS();
  QtiImport r = ImportCorpus("pie-qti/qti3");
  ASSERT_EQ(r.items.size(), 3u);
  std::map<std::string, const Question*> by_type;
  for (const Question& q : r.items) by_type[std::string(questions::TypeName(q.type))] = &q;
  EXPECT_THAT(by_type["single"]->key, ElementsAre("choice_c"));
  EXPECT_THAT(by_type["multiple"]->key, ElementsAre("choice_a", "choice_c"));
  EXPECT_THAT(by_type["matching"]->pairs,
              ElementsAre(Pair("country_fr", "capital_paris"), Pair("country_de", "capital_berlin"),
                          Pair("country_es", "capital_madrid")));
  // base-type="directed-pair" is not QTI 3.0's spelling: read, and said.
  bool said = false;
  for (const auto& p : r.problems)
    said = said || (p.code == "question.qti.bad_value" && p.field == "baseType");
  EXPECT_TRUE(said);
  EXPECT_THAT(Unsupported(r),
              ElementsAre(Pair("qti3-hotspot-interaction.xml", "qti-hotspot-interaction")));
  QtiImport order = ImportCorpus("pie-qti/qti22");
  EXPECT_THAT(order.items, ::testing::IsEmpty());
  EXPECT_THAT(Unsupported(order), ElementsAre(Pair("fractions-order.xml", "orderInteraction")));
}

TEST(QtiCorpus, Feyst30PackageWithTestStimulusAndMissingImage) {
  SKIP_WITHOUT_CORPUS();
  QtiImport r = ImportCorpus("feyst-qti3-validator/toets");
  std::map<std::string, const Question*> by_id;
  for (const Question& q : r.items) by_id[q.id] = &q;
  ASSERT_EQ(r.items.size(), 4u);
  ASSERT_TRUE(by_id.contains("KEUZE") && by_id.contains("MEERKEUZE") && by_id.contains("KOPPEL") &&
              by_id.contains("BRONVRAAG"));
  EXPECT_THAT(by_id["KEUZE"]->key, ElementsAre("B"));
  EXPECT_FALSE(by_id["KEUZE"]->media.has_value());  // media/kaart.png is not in the corpus
  EXPECT_THAT(Problems(r), ::testing::Contains("KEUZE|media.src|question.media.not_found"));
  EXPECT_THAT(by_id["MEERKEUZE"]->key, ElementsAre("ZH", "NH", "ZE"));
  EXPECT_EQ(by_id["MEERKEUZE"]->type, ItemType::kMultiple);
  EXPECT_THAT(by_id["KOPPEL"]->pairs,
              ElementsAre(Pair("ZWOLLE", "OV"), Pair("ASSEN", "DR"), Pair("ARNHEM", "GE")));
  EXPECT_THAT(by_id["BRONVRAAG"]->key, ElementsAre("A"));
  EXPECT_THAT(Unsupported(r), ::testing::UnorderedElementsAre(
                                  Pair("items/invul.xml", "qti-text-entry-interaction"),
                                  Pair("items/open.xml", "qti-extended-text-interaction"),
                                  Pair("items/volgorde.xml", "qti-order-interaction"),
                                  Pair("items/gatenkoppel.xml", "qti-gap-match-interaction"),
                                  Pair("items/keuzelijst.xml", "qti-inline-choice-interaction"),
                                  Pair("items/tekstselectie.xml", "qti-hottext-interaction"),
                                  Pair("items/formule.xml", "qti-text-entry-interaction"),
                                  Pair("items/sjabloon.xml", "qti-text-entry-interaction")));
}

}  // namespace
}  // namespace bimtek::io

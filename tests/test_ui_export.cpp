// PNG export: "export all" writes one PNG per chart at exactly the requested size (also with no
// chart registered), refuses a folder it cannot write, and the headless command line
// (cnn-explorer --export-charts) renders a stored run and fails with one line on bad input.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/bench/results_json.h"
#include "core/bench/sweep.h"
#include "core/store/results_store.h"
#include "tests/ui_test_support.h"
#include "ui/chart_exporter.h"
#include "ui/charts/all_charts.h"
#include "ui/charts/results_chart.h"
#include "ui/results_export.h"
#include "ui/snapshot_sources.h"

using namespace cnn;
using namespace cnn::ui;

namespace {

// An image with a single colour is blank.
bool has_content(const QImage& image) {
  const QRgb first = image.pixel(0, 0);
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3)
      if (image.pixel(x, y) != first) return true;
  return false;
}

}  // namespace

class TestUiExport : public QObject {
  Q_OBJECT

 private:
  ui_test::Environment env_;
  QTemporaryDir tmp_;
  std::vector<Point> points_;  // a fixture run, measured once
  std::filesystem::path db_;
  std::int64_t run_id_ = 0;

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    // A small real run: lenet on every available CPU library, batch 1 and 2.
    Selection s;
    s.models = {"lenet"};
    for (Backend* b : env_.backends.all())
      if (b->info().available && b->memory_space() == MemorySpace::Host) s.libs.push_back({b->info().id, {Precision::FP32}});
    s.batches = {1, 2};
    s.config.reps.min_reps = s.config.reps.max_reps = 2;
    s.config.reps.min_time_s = 0;
    s.config.reps.rounds = 1;
    s.config.warmup = 0;
    s.config.threads = 1;
    SweepObserver quiet;
    points_ = Sweep(env_.models, env_.backends, s).run(quiet).points;
    QVERIFY(!points_.empty());
    db_ = tmp_.filePath("store.sqlite").toStdString();
    ResultsStore store(db_);
    run_id_ = store.begin_run(detect_platform(), s, "export fixture");
    for (const Point& p : points_) store.add_point(run_id_, p);
    store.finish_run(run_id_, RunStatus::Finished);
  }

  void exportWithNoChartsWritesNothing() {
    const QString dir = tmp_.filePath("none/inner");
    QCOMPARE(export_charts({}, dir, kSlideSize), QStringList());
    QVERIFY(QFileInfo(dir).isDir());
  }

  void exportAllWritesOnePngPerChart_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("slide") << kSlideSize;
    QTest::newRow("strip") << kStripSize;
    QTest::newRow("window") << QSize(1100, 700);
  }
  void exportAllWritesOnePngPerChart() {
    QFETCH(QSize, size);
    QWidget host;
    const std::vector<ResultsChart*> charts = create_all_charts(&host);
    const ResultsSnapshot snapshot = make_snapshot(env_.models, points_, true);
    for (ResultsChart* chart : charts) chart->refresh(snapshot);
    const QString dir = tmp_.filePath(QString("all-%1x%2").arg(size.width()).arg(size.height()));
    const QStringList files = export_charts(charts, dir, size);
    qInfo("%d charts registered", int(charts.size()));
    QCOMPARE(files.size(), int(charts.size()));
    QCOMPARE(QDir(dir).entryList({"*.png"}, QDir::Files).size(), int(charts.size()));
    for (std::size_t i = 0; i < charts.size(); ++i) {
      QCOMPARE(QFileInfo(files[int(i)]).fileName(), charts[i]->file_stem() + ".png");
      QVERIFY(QFileInfo(files[int(i)]).size() > 0);
      const QImage image(files[int(i)]);
      QCOMPARE(image.size(), size);
      QVERIFY2(has_content(image), qPrintable(files[int(i)] + " is blank"));
    }
  }

  void unwritableFolderIsRefused() {
    const QString file = tmp_.filePath("a-file");
    std::ofstream(file.toStdString()) << "x";
    QVERIFY_THROWS_EXCEPTION(ExportError, export_charts({}, file, kSlideSize));
    QVERIFY_THROWS_EXCEPTION(ExportError, export_charts({}, file + "/below", kSlideSize));
  }

  void resultsAsJsonAndCsv() {
    Platform platform = detect_platform();
    platform.libraries = {{"reference", "plain loops"}};
    const QString json = tmp_.filePath("results.json");
    QCOMPARE(write_results(json, ResultsFormat::Json, platform, points_), QStringList{json});
    std::ifstream in(json.toStdString());
    const ResultsDocument doc = results_from_json(std::string(std::istreambuf_iterator<char>(in), {}));
    QCOMPARE(doc.points.size(), points_.size());
    QCOMPARE(doc.platform.cpu, platform.cpu);
    QCOMPARE(doc.points.back().time_fw_ms, points_.back().time_fw_ms);

    const QString csv = tmp_.filePath("results.csv");
    const QStringList files = write_results(csv, ResultsFormat::Csv, platform, points_);
    QCOMPARE(files, (QStringList{csv, tmp_.filePath("results.layers.csv")}));
    QFile points_file(csv);
    QVERIFY(points_file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(points_file.readAll()).split('\n', Qt::SkipEmptyParts);
    QVERIFY(lines.front().startsWith("model,lib,precision,graph,scheduler,batch"));
    QCOMPARE(lines.size(), 1 + 2 * int(points_.size()));  // a row per repetition, 2 repetitions
    QVERIFY(QFileInfo(files[1]).size() > 0);

    QVERIFY_THROWS_EXCEPTION(ExportError, write_results(tmp_.filePath("no-such-folder/r.json"), ResultsFormat::Json,
                                                        platform, points_));
  }

  void parsesSizes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QSize>("size");
    QTest::newRow("slide") << "1920x1080" << QSize(1920, 1080);
    QTest::newRow("capital X") << "1000X200" << QSize(1000, 200);
    QTest::newRow("spaces around") << " 800x600 " << QSize(800, 600);
    QTest::newRow("too small") << "8x8" << QSize();
    QTest::newRow("too large") << "20000x100" << QSize();
    QTest::newRow("one number") << "1920" << QSize();
    QTest::newRow("negative") << "-5x100" << QSize();
    QTest::newRow("words") << "slide" << QSize();
  }
  void parsesSizes() {
    QFETCH(QString, text);
    QFETCH(QSize, size);
    QCOMPARE(parse_size(text), size);
  }

  void commandLine_data() {
    QTest::addColumn<QStringList>("args");  // DIR, DB and RUN stand for the fixture's
    QTest::addColumn<int>("exit_code");
    QTest::addColumn<QString>("stderr_has");
    QTest::newRow("newest run") << QStringList{"--export-charts", "DIR", "--db", "DB", "--size", "640x360"} << 0 << "";
    QTest::newRow("run by id") << QStringList{"--export-charts", "DIR", "--db", "DB", "--run", "RUN", "--size", "640x360"}
                               << 0 << "";
    QTest::newRow("unknown run") << QStringList{"--export-charts", "DIR", "--db", "DB", "--run", "999"} << 1
                                 << "has no run 999";
    QTest::newRow("missing store") << QStringList{"--export-charts", "DIR", "--db", "MISSING"} << 1 << "does not exist";
    QTest::newRow("store not sqlite") << QStringList{"--export-charts", "DIR", "--db", "NOTDB"} << 1 << "NOTDB";
    QTest::newRow("folder is a file") << QStringList{"--export-charts", "NOTDB", "--db", "DB"} << 1 << "NOTDB";
    QTest::newRow("bad size") << QStringList{"--export-charts", "DIR", "--db", "DB", "--size", "big"} << 2 << "--size";
    QTest::newRow("bad run") << QStringList{"--export-charts", "DIR", "--db", "DB", "--run", "x"} << 2 << "--run";
    QTest::newRow("run without export") << QStringList{"--run", "1"} << 2 << "--export-charts";
    QTest::newRow("unknown option") << QStringList{"--colour"} << 2 << "--colour";
  }
  void commandLine() {
#ifndef CNN_EXPLORER_PATH
    QSKIP("cnn-explorer is not built");
#else
    QFETCH(QStringList, args);
    QFETCH(int, exit_code);
    QFETCH(QString, stderr_has);
    static int n = 0;
    const QString dir = tmp_.filePath(QString("cli-%1").arg(++n));
    const QString not_db = tmp_.filePath("not-a-store.txt");
    std::ofstream(not_db.toStdString()) << "hello, not SQLite\n";
    for (QString& a : args) {
      if (a == "DIR") a = dir;
      else if (a == "DB") a = QString::fromStdString(db_.string());
      else if (a == "RUN") a = QString::number(run_id_);
      else if (a == "MISSING") a = tmp_.filePath("missing.sqlite");
      else if (a == "NOTDB") a = not_db;
    }
    stderr_has.replace("NOTDB", not_db);
    QProcess p;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}) environment.remove(v);  // main sets offscreen
    p.setProcessEnvironment(environment);
    p.start(CNN_EXPLORER_PATH, args);
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromLocal8Bit(p.readAllStandardError());
    QCOMPARE(p.exitCode(), exit_code);
    if (exit_code != 0) {
      QVERIFY2(err.contains(stderr_has), qPrintable(err));
      QCOMPARE(err.trimmed().count('\n'), 0);  // one line
      QVERIFY(err.startsWith("cnn-explorer: "));
      return;
    }
    QWidget host;
    const auto expected = int(create_all_charts(&host).size());
    const QStringList pngs = QDir(dir).entryList({"*.png"}, QDir::Files);
    QCOMPARE(pngs.size(), expected);
    QVERIFY(pngs.contains("schedule-timeline.png") && pngs.contains("schedule-bars.png"));
    for (const QString& f : pngs) QCOMPARE(QImage(QDir(dir).filePath(f)).size(), QSize(640, 360));
#endif
  }
};

QTEST_MAIN(TestUiExport)
#include "test_ui_export.moc"

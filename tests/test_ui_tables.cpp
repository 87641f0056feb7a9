// The results table model (rows match the points, raw values for sorting, filter), the per-layer
// table of a point, and the results tab that links them.
#include <QFont>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

#include "ui/layer_table_model.h"
#include "ui/results_tab.h"
#include "ui/results_table_model.h"

using namespace cnn;
using namespace cnn::ui;

namespace {

Point make_point(std::string model, std::string lib, int batch, std::vector<double> times) {
  Point p;
  p.model = std::move(model);
  p.lib = std::move(lib);
  p.precision = Precision::FP32;
  p.batch = batch;
  p.threads = 1;
  p.success = true;
  p.time_fw_ms = std::move(times);
  p.memory.weights_bytes = 1'000'000;
  p.memory.activations_bytes = 2'000'000;
  p.memory.workspace_bytes = 500'000;
  for (int i = 0; i < 3; ++i) {
    LayerRecord l;
    l.index = i;
    l.name = "layer" + std::to_string(i);
    l.type = i == 0 ? "Convolution" : "ReLU";
    l.time_ms = i == 0 ? std::vector<double>{1, 3} : i == 1 ? std::vector<double>{2} : std::vector<double>{4};
    l.macs = std::uint64_t(1'000'000) * std::uint64_t(batch);
    l.params = 2000;
    p.layers.push_back(l);
  }
  return p;
}

Point failed_point() {
  Point p;
  p.model = "googlenet";
  p.lib = "cudnn";
  p.precision = Precision::FP16;
  p.batch = 2;
  p.error = "out of memory";
  return p;
}

// alexnet/openblas b4 (42 ms/batch; CoV 6.7 %: noisy; its layers sum to 5 of 42 ms: off), a failed
// googlenet/cudnn b2, lenet/reference b10 (1 ms/batch, its layers sum to 1 ms, 7.25 MB tracked).
std::vector<Point> fixture() {
  std::vector<Point> points = {make_point("alexnet", "openblas", 4, {40, 44}), failed_point(),
                               make_point("lenet", "reference", 10, {1.0})};
  points[2].memory.tracked_bytes = 7'250'000;
  points[2].memory.measured_bytes = 9'000'000;  // RSS growth: the second figure, in the tool tip only
  points[2].layers[0].time_ms = {0.5};           // its per-layer pass adds up to its end-to-end time
  points[2].layers[1].time_ms = {0.25};
  points[2].layers[2].time_ms = {0.25};
  points[2].graph = GraphMode::Fused;  // a point of the fused graph
  return points;
}

double raw(const QAbstractItemModel& m, int row, int column) {
  return m.data(m.index(row, column), Qt::UserRole).toDouble();
}

QString text(const QAbstractItemModel& m, int row, int column) {
  return m.data(m.index(row, column), Qt::DisplayRole).toString();
}

}  // namespace

class TestUiTables : public QObject {
  Q_OBJECT

 private slots:
  void rowsMatchPoints_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("lib");
    QTest::addColumn<int>("batch");
    QTest::addColumn<double>("ms_batch");
    QTest::addColumn<double>("ms_image");
    QTest::addColumn<double>("std_image");
    QTest::addColumn<double>("images_s");
    QTest::addColumn<double>("memory_mb");
    QTest::addColumn<double>("cov_percent");
    QTest::addColumn<double>("layer_ratio");
    QTest::addColumn<QString>("status");
    // std per image: sample std of {40, 44} = sqrt(8), over batch 4; CoV sqrt(8) / 42; layers: the
    // per-layer repetitions sum to 7 and 3 ms, median 5, over the end-to-end median 42.
    QTest::newRow("alexnet openblas, noisy") << 0 << "alexnet" << "openblas" << 4 << 42.0 << 10.5 << std::sqrt(8.0) / 4
                                             << 1000 / 10.5 << 3.5 << 100 * std::sqrt(8.0) / 42 << 5.0 / 42
                                             << "noisy, per-layer sum off";
    QTest::newRow("failed") << 1 << "googlenet" << "cudnn" << 2 << -1.0 << -1.0 << -1.0 << -1.0 << -1.0 << -1.0 << -1.0
                            << "failed: out of memory";
    QTest::newRow("lenet tracked memory") << 2 << "lenet" << "reference" << 10 << 1.0 << 0.1 << 0.0 << 10000.0
                                          << 7.25 << 0.0 << 1.0 << "ok";
  }
  void rowsMatchPoints() {
    QFETCH(int, row);
    QFETCH(QString, model);
    QFETCH(QString, lib);
    QFETCH(int, batch);
    QFETCH(double, ms_batch);
    QFETCH(double, ms_image);
    QFETCH(double, std_image);
    QFETCH(double, images_s);
    QFETCH(double, memory_mb);
    QFETCH(double, cov_percent);
    QFETCH(double, layer_ratio);
    QFETCH(QString, status);
    ResultsTableModel model_;
    for (const Point& p : fixture()) model_.append(p);
    QCOMPARE(model_.rowCount(), 3);
    QCOMPARE(model_.columnCount(), int(ResultsTableModel::ColumnCount));
    using C = ResultsTableModel;
    QCOMPARE(text(model_, row, C::Model), model);
    QCOMPARE(text(model_, row, C::Lib), lib);
    QCOMPARE(text(model_, row, C::Precision), QString::fromStdString(std::string(to_string(fixture()[std::size_t(row)].precision))));
    QCOMPARE(text(model_, row, C::Graph), row == 2 ? QString("fused") : QString("caffe"));
    QCOMPARE(model_.headerData(C::Graph, Qt::Horizontal).toString(), QString("Graph"));
    QCOMPARE(text(model_, row, C::Schedule), QString("sequential"));
    QCOMPARE(model_.headerData(C::Schedule, Qt::Horizontal).toString(), QString("Schedule"));
    Point ios = fixture()[std::size_t(row)];
    ios.scheduler = Scheduler::Ios;
    model_.append(ios);  // another series: a row of its own
    QCOMPARE(text(model_, 3, C::Schedule), QString("ios"));
    QCOMPARE(text(model_, row, C::Batch), QString::number(batch));
    QCOMPARE(raw(model_, row, C::MsPerBatch), ms_batch);
    QCOMPARE(raw(model_, row, C::MsPerImage), ms_image);
    QVERIFY(qAbs(raw(model_, row, C::StdPerImage) - std_image) < 1e-12);
    QVERIFY(qAbs(raw(model_, row, C::ImagesPerS) - images_s) < 1e-9);
    QCOMPARE(raw(model_, row, C::MemoryMB), memory_mb);
    QVERIFY(qAbs(raw(model_, row, C::CovPercent) - cov_percent) < 1e-9);
    QVERIFY(qAbs(raw(model_, row, C::LayerRatio) - layer_ratio) < 1e-9);
    // A reading we doubt is drawn in the warning colour and says why in its tool tip.
    const bool doubtful = status.contains("noisy") || status.contains("off");
    QCOMPARE(model_.data(model_.index(row, C::Status), Qt::ForegroundRole).isValid(), doubtful);
    if (doubtful)
      QVERIFY(model_.data(model_.index(row, C::Model), Qt::ToolTipRole).toString().contains("coefficient of variation"));
    QCOMPARE(text(model_, row, C::Status), status);
    QCOMPARE(text(model_, row, C::MsPerImage).isEmpty(), ms_image < 0);  // a failed point shows no times
  }

  // Top-1: measured with the row's series (carried by any of its rows) in bold, else the model's
  // published figure in grey italics, else "-"; a reading that arrives later shows on the earlier rows.
  void top1Column() {
    using C = ResultsTableModel;
    ResultsTableModel model;
    model.set_published_top1({{"alexnet", 0.568279}, {"lenet", 0.5}});
    for (const Point& p : fixture()) model.append(p);
    QCOMPARE(model.headerData(C::Top1, Qt::Horizontal).toString(), QString("Top-1"));
    QCOMPARE(text(model, 0, C::Top1), QString("56.8 % published"));
    QVERIFY(model.data(model.index(0, C::Top1), Qt::FontRole).value<QFont>().italic());
    QVERIFY(model.data(model.index(0, C::Top1), Qt::ForegroundRole).isValid());
    QVERIFY(model.data(model.index(0, C::Top1), Qt::ToolTipRole).toString().contains("published ImageNet top-1"));
    QCOMPARE(raw(model, 0, C::Top1), 0.568279);
    QCOMPARE(text(model, 1, C::Top1), QString("-"));  // googlenet: nothing published here, nothing measured
    QCOMPARE(raw(model, 1, C::Top1), -1.0);
    QCOMPARE(text(model, 2, C::Top1), QString("50.0 % published"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Point measured = fixture()[2];  // lenet on reference, fused, another batch
    measured.batch = 100;
    measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
    model.append(measured);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().column(), int(C::Top1));
    QCOMPARE(changed[0][1].toModelIndex().row(), 3);
    for (int row : {2, 3}) {
      QCOMPARE(text(model, row, C::Top1), QString("90.8 % (fashion-mnist-test, 10000 images)"));
      const QFont font = model.data(model.index(row, C::Top1), Qt::FontRole).value<QFont>();
      QVERIFY(font.bold() && !font.italic());
      QVERIFY(!model.data(model.index(row, C::Top1), Qt::ForegroundRole).isValid());
      QCOMPARE(model.data(model.index(row, C::Top1), Qt::ToolTipRole).toString(),
               QString("Top-1 measured with this library, precision and graph mode on fashion-mnist-test: 9083 of "
                       "10000 images right (± 0.29 %, binomial standard error)."));
    }
    QCOMPARE(text(model, 0, C::Top1), QString("56.8 % published"));  // another series: unchanged
    // The reading replaced by a record without one: back to the published figure.
    Point again = measured;
    again.accuracy.reset();
    model.replace(3, again);
    QCOMPARE(text(model, 2, C::Top1), QString("50.0 % published"));
    model.reset(fixture());
    QCOMPARE(text(model, 0, C::Top1), QString("56.8 % published"));  // kept across a reset
  }

  void resetReplacesRows() {
    ResultsTableModel model;
    model.append(fixture()[0]);
    model.reset(fixture());
    QCOMPARE(model.rowCount(), 3);
    model.reset({});
    QCOMPARE(model.rowCount(), 0);
  }

  void sortsNumericallyAndFilters_data() {
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("models");  // after sorting by batch, ascending
    QTest::newRow("none") << "" << QStringList{"googlenet", "alexnet", "lenet"};
    QTest::newRow("library") << "openblas" << QStringList{"alexnet"};
    QTest::newRow("case-insensitive status") << "FAILED" << QStringList{"googlenet"};
    QTest::newRow("precision") << "fp32" << QStringList{"alexnet", "lenet"};
    QTest::newRow("no match") << "onednn" << QStringList{};
  }
  void sortsNumericallyAndFilters() {
    QFETCH(QString, filter);
    QFETCH(QStringList, models);
    ResultsTableModel source;
    source.reset(fixture());
    ResultsTab tab(&source);
    tab.filter_edit()->setText(filter);
    tab.results_view()->sortByColumn(ResultsTableModel::Batch, Qt::AscendingOrder);  // 2 < 4 < 10, not "10" < "2"
    QSortFilterProxyModel* proxy = tab.proxy();
    QStringList shown;
    for (int r = 0; r < proxy->rowCount(); ++r) shown << text(*proxy, r, ResultsTableModel::Model);
    QCOMPARE(shown, models);
  }

  void layerTableOfAPoint() {
    const Point p = fixture()[0];
    LayerTableModel layers;
    QCOMPARE(layers.rowCount(), 0);
    layers.set_point(p);
    QCOMPARE(layers.rowCount(), 3);
    using C = LayerTableModel;
    QCOMPARE(text(layers, 0, C::Name), QString("layer0"));
    QCOMPARE(text(layers, 0, C::Type), QString("Convolution"));
    QCOMPARE(raw(layers, 0, C::MsPerBatch), 2.0);  // mean of {1, 3}
    QCOMPARE(raw(layers, 0, C::MsPerImage), 0.5);  // over batch 4
    QCOMPARE(raw(layers, 0, C::Share), 25.0);      // 2 of 2 + 2 + 4
    QCOMPARE(raw(layers, 2, C::Share), 50.0);
    QCOMPARE(raw(layers, 0, C::MMacs), 1.0);       // 4 M MACs for the batch, 1 M per image
    QCOMPARE(raw(layers, 0, C::KParams), 2.0);
    layers.clear();
    QCOMPARE(layers.rowCount(), 0);
  }

  void selectingARowShowsItsLayers() {
    ResultsTableModel source;
    source.reset(fixture());
    ResultsTab tab(&source);
    QTableView* view = tab.results_view();
    view->setCurrentIndex(tab.proxy()->index(2, 0));
    QVERIFY(tab.layer_model()->point().has_value());
    QCOMPARE(tab.layer_model()->point()->model, std::string("lenet"));
    QCOMPARE(tab.layer_model()->rowCount(), 3);
    view->setCurrentIndex(tab.proxy()->index(1, 0));  // the failed point has no layers
    QCOMPARE(tab.layer_model()->rowCount(), 0);
    source.reset({});
    QVERIFY(!tab.layer_model()->point().has_value());
  }

  // What a click on a roofline point does: the point's row and the layer's row become current, also
  // when a filter hid the point; a point or layer that is not there selects nothing.
  void selectLayerFindsThePointAndTheLayer() {
    ResultsTableModel source;
    source.reset(fixture());
    ResultsTab tab(&source);
    tab.filter_edit()->setText("alexnet");  // hides lenet
    QVERIFY(tab.select_layer("lenet", "reference/fp32/fused", 10, 2));
    QVERIFY(tab.filter_edit()->text().isEmpty());
    QCOMPARE(tab.layer_model()->point()->model, std::string("lenet"));
    const QTableView* layers = tab.layer_view();
    QCOMPARE(layers->currentIndex().data().toInt(), 2);  // the Index column of layer 2
    QVERIFY(tab.select_layer("alexnet", "openblas/fp32", 4, 0));
    QCOMPARE(tab.layer_model()->point()->model, std::string("alexnet"));
    QVERIFY(!tab.select_layer("alexnet", "openblas/fp32", 8, 0));  // no such batch
    QVERIFY(!tab.select_layer("alexnet", "openblas/fp32", 4, 7));  // no such layer
  }

  // Choosing a row names its point, which the Schedule tab's timeline follows (MainWindow connects it).
  void choosingARowNamesItsPoint() {
    ResultsTableModel source;
    source.reset(fixture());
    ResultsTab tab(&source);
    QSignalSpy chosen(&tab, &ResultsTab::pointChosen);
    QVERIFY(tab.select_layer("lenet", "reference/fp32/fused", 10, 2));
    QVERIFY(tab.select_layer("alexnet", "openblas/fp32", 4, 0));
    QCOMPARE(chosen.count(), 2);
    QCOMPARE(chosen.at(0).at(0).toString(), QString("lenet"));
    QCOMPARE(chosen.at(0).at(1).toString(), QString("reference/fp32/fused"));
    QCOMPARE(chosen.at(0).at(2).toInt(), 10);
    QCOMPARE(chosen.at(1).at(0).toString(), QString("alexnet"));
    QCOMPARE(chosen.at(1).at(2).toInt(), 4);
  }
};

QTEST_MAIN(TestUiTables)
#include "test_ui_tables.moc"

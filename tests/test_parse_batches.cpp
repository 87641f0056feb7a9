// cnn::parse_batches: ranges, lists and single sizes to batch sizes; bad text to a
// std::invalid_argument whose one sentence quotes the text; ranges near INT_MAX and very long
// ranges refused (or made) without overflowing or filling memory.
#include <QtTest>

#include <climits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bench/selection.h"

using namespace cnn;

namespace {

QList<int> parse(const QString& text) {
  const std::vector<int> sizes = parse_batches(text.toStdString());
  return QList<int>(sizes.begin(), sizes.end());
}

QList<int> range(int from, int to, int step = 1) {
  QList<int> out;
  for (long long b = from; b <= to; b += step) out << int(b);
  return out;
}

}  // namespace

class TestParseBatches : public QObject {
  Q_OBJECT

 private slots:
  void good_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("range with step") << "2:16:2" << QList<int>{2, 4, 6, 8, 10, 12, 14, 16};
    QTest::newRow("step past TO") << "1:10:4" << QList<int>{1, 5, 9};
    QTest::newRow("step larger than the range") << "3:5:100" << QList<int>{3};
    QTest::newRow("list") << "1,4,8" << QList<int>{1, 4, 8};
    QTest::newRow("list kept as written") << "8,1,8" << QList<int>{8, 1, 8};
    QTest::newRow("one size") << "8" << QList<int>{8};
    QTest::newRow("range") << "1:3" << QList<int>{1, 2, 3};
    QTest::newRow("empty range") << "16:16" << QList<int>{16};
    QTest::newRow("leading zeros") << "007" << QList<int>{7};
    QTest::newRow("4096 sizes") << "1:4096" << range(1, 4096);
    QTest::newRow("at INT_MAX") << "2147483647:2147483647" << QList<int>{INT_MAX};
    QTest::newRow("up to INT_MAX") << "2147483640:2147483647" << range(2147483640, INT_MAX);
    QTest::newRow("steps past INT_MAX") << "2147483000:2147483647:500" << QList<int>{2147483000, 2147483500};
    QTest::newRow("INT_MAX step") << "1:2147483647:2147483647" << QList<int>{1};
    QTest::newRow("INT_MAX in a list") << "1,2147483647" << QList<int>{1, INT_MAX};
  }
  void good() {
    QFETCH(QString, text);
    QFETCH(QList<int>, expected);
    QCOMPARE(parse(text), expected);
  }

  void bad_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");  // the message quotes this (the whole text, or the bad part)
    QTest::newRow("empty") << "" << "empty";
    QTest::newRow("zero") << "0" << "'0'";
    QTest::newRow("negative") << "-1" << "'-1'";
    QTest::newRow("letter") << "a" << "'a'";
    QTest::newRow("plus sign") << "+4" << "'+4'";
    QTest::newRow("spaces") << "1, 4" << "' 4'";
    QTest::newRow("fraction") << "2.5" << "'2.5'";
    QTest::newRow("TO below FROM") << "4:2" << "'4:2'";
    QTest::newRow("four parts") << "1:2:3:4" << "'1:2:3:4'";
    QTest::newRow("empty list item") << "1,,2" << "'1,,2'";
    QTest::newRow("trailing comma") << "1,2," << "'1,2,'";
    QTest::newRow("step 0") << "1:0:1" << "'1:0:1'";
    QTest::newRow("zero step") << "1:4:0" << "'0'";
    QTest::newRow("negative step") << "1:4:-1" << "'-1'";
    QTest::newRow("no TO") << "1:" << "'1:'";
    QTest::newRow("no FROM") << ":4" << "':4'";
    QTest::newRow("range and list") << "1:4,8" << "'4,8'";
    QTest::newRow("past INT_MAX") << "2147483648" << "'2147483648'";
    QTest::newRow("4097 sizes") << "1:4097" << "'1:4097'";
    QTest::newRow("a range to INT_MAX") << "1:2147483647" << "'1:2147483647'";
    QTest::newRow("4097 listed") << QStringList(4097, "1").join(',') << "more than 4096 sizes";
  }
  void bad() {
    QFETCH(QString, text);
    QFETCH(QString, named);
    try {
      const QList<int> sizes = parse(text);
      QFAIL(qPrintable(QString("accepted, %1 sizes").arg(sizes.size())));
    } catch (const std::invalid_argument& e) {
      const QString message = QString::fromStdString(e.what());
      QVERIFY2(message.startsWith("bad batch "), qPrintable(message));
      QVERIFY2(message.contains(named), qPrintable(message + " does not name " + named));
      QVERIFY2(!message.contains('\n'), qPrintable(message));
    }
  }
};

QTEST_GUILESS_MAIN(TestParseBatches)
#include "test_parse_batches.moc"

// File > Open model: ModelOpener reads a .onnx or .prototxt off the UI thread through the catalog and
// says how it went; the control panel lists an opened file ticked, and remembers it in the settings
// (a file gone since is not listed again).
#include <QFile>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/model/onnx/onnx_model.h"
#include "tests/ui_test_support.h"
#include "ui/control_panel.h"
#include "ui/model_opener.h"

using namespace cnn;
using namespace cnn::ui;

class TestUiModelOpener : public QObject {
  Q_OBJECT

 private:
  ui_test::Environment env_;
  QTemporaryDir tmp_;

  QString lenet_fashion() const { return QString::fromStdString(env_.models.find("lenet-fashion")->file); }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    QCoreApplication::setOrganizationName("cnn-explorer-test");
    QCoreApplication::setApplicationName("test_ui_model_opener");
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.filePath("settings"));
    QSettings().clear();
  }

  void opensAnOnnxFileOffTheUiThread() {
    if (!onnx_available()) QSKIP("this build reads no ONNX files (-DCNN_EXPLORER_ONNX=OFF)");
    ModelOpener opener(env_.models);
    QSignalSpy opened(&opener, &ModelOpener::opened), failed(&opener, &ModelOpener::failed);
    QVERIFY(opener.open(lenet_fashion()));
    QVERIFY(!opener.open(lenet_fashion()));  // one at a time
    QVERIFY(opened.wait(20000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(opened.at(0).at(0).toString(), lenet_fashion());
    const QString tip = opened.at(0).at(1).toString();
    QVERIFY2(tip.contains("Input: 1 x 28 x 28") && tip.contains("2.29 M MACs") && tip.contains("own weights"), qPrintable(tip));
  }

  void aBadFileIsOneSentence() {
    if (!onnx_available()) QSKIP("this build reads no ONNX files (-DCNN_EXPLORER_ONNX=OFF)");
    const QString path = tmp_.filePath("cut.onnx");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\x08\x07\x12\x05", 4);  // a protobuf cut inside its second field
    f.close();
    ModelOpener opener(env_.models);
    QSignalSpy opened(&opener, &ModelOpener::opened), failed(&opener, &ModelOpener::failed);
    opener.open(path);
    QVERIFY(failed.wait(20000));
    QCOMPARE(opened.count(), 0);
    const QString sentence = failed.at(0).at(1).toString();
    QVERIFY2(sentence.contains(path) && sentence.contains("not an ONNX model") && !sentence.contains('\n'), qPrintable(sentence));
  }

  void anOpenedFileIsListedTickedAndRemembered() {
    QSettings().clear();
    const QString gone = tmp_.filePath("gone.prototxt");
    QFile(gone).open(QIODevice::WriteOnly);
    {
      ControlPanel panel(env_.models, env_.backends);
      panel.set_models({"alexnet"});
      panel.add_model_file(lenet_fashion(), "tip");
      panel.add_model_file(gone, "tip");
      panel.add_model_file(lenet_fashion(), "again");  // listed once
      QCOMPARE(panel.opened_models(), (QStringList{lenet_fashion(), gone}));
      QCOMPARE(panel.checked_models(), (QStringList{"alexnet", lenet_fashion(), gone}));
      QSettings s;
      panel.save(s);
    }
    QFile::remove(gone);
    ControlPanel restored(env_.models, env_.backends);
    restored.restore(QSettings());
    QCOMPARE(restored.opened_models(), QStringList{lenet_fashion()});
    QCOMPARE(restored.checked_models(), (QStringList{"alexnet", lenet_fashion()}));
    const auto* list = restored.findChild<QListWidget*>();
    QCOMPARE(list->count(), int(env_.models.all().size()) + 1);
  }
};

QTEST_MAIN(TestUiModelOpener)
#include "test_ui_model_opener.moc"

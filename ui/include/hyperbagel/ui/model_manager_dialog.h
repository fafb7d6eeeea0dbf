#pragma once
// The model manager: pick a checkpoint folder, inspect it on the engine thread (never on the GUI
// thread) and show the validation report and memory plan, then
// load the model (also on the engine thread) with the chosen device and precision.
// Thread affinity: GUI thread.

#include <QDialog>
#include <QString>

#include "hyperbagel/engine/checkpoint.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
QT_END_NAMESPACE

namespace hb::ui {

class EngineClient;
class ReportView;

class ModelManagerDialog : public QDialog {
    Q_OBJECT

public:
    /// `engine` must outlive the dialog.
    explicit ModelManagerDialog(EngineClient& engine, QWidget* parent = nullptr);

    QString folder() const;
    void setFolder(const QString& folder);
    bool isInspecting() const { return m_inspecting; }
    /// The last report shown; empty before the first successful inspection.
    const CheckpointReport& report() const { return m_report; }
    bool hasReport() const { return m_hasReport; }

public Q_SLOTS:
    /// Inspects folder() on the engine thread; the dialog stays responsive meanwhile.
    void inspect();
    /// Loads the inspected folder on the engine thread with the chosen device and precision.
    void load();
    /// Drops the loaded model.
    void unload();

Q_SIGNALS:
    /// The inspection requested by this dialog ended (`ok` is false when it could not run).
    void inspectionFinished(bool ok);

private:
    void buildUi();
    void browse();
    void copyReport();
    void setInspecting(bool inspecting);
    void onInspected(const QString& folder, const hb::CheckpointReport& report);
    void onFailed(const QString& folder, const QString& message);
    void updateButtons();
    void onModelLoaded(const QString& description, const QString& summary);
    void onModelLoadFailed(const QString& message);

    EngineClient& m_engine;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_browse = nullptr;
    QPushButton* m_inspect = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    ReportView* m_reportView = nullptr;
    QPushButton* m_copy = nullptr;
    QPushButton* m_load = nullptr;
    QPushButton* m_unload = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;
    QString m_requestedFolder;
    CheckpointReport m_report;
    bool m_hasReport = false;
    bool m_inspecting = false;
};

} // namespace hb::ui

#pragma once
// Shows a checkpoint inspection report: a verdict line, the findings (with severity icons), the
// folder's contents (configs, files, components, dtypes) and the memory plan.
// Thread affinity: GUI thread.

#include <QString>
#include <QWidget>

#include "hyperbagel/engine/checkpoint.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QTabWidget;
class QTableWidget;
class QTreeWidget;
QT_END_NAMESPACE

namespace hb::ui {

class ReportView : public QWidget {
    Q_OBJECT

public:
    explicit ReportView(QWidget* parent = nullptr);

    void setReport(const CheckpointReport& report);
    /// Replaces the report with a failure message (e.g. the folder does not exist).
    void showError(const QString& message);
    void clear();

    /// Translated display names (also used by tests).
    static QString severityName(Severity severity);
    static QString findingKindName(FindingKind kind);
    static QString componentName(Component component);

private:
    void setVerdict(const QIcon& icon, const QString& headline, const QString& details);
    void fillFindings(const CheckpointReport& report);
    void fillContents(const CheckpointReport& report);
    void fillMemory(const CheckpointReport& report);

    QLabel* m_verdictIcon = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_verdictDetails = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTreeWidget* m_findings = nullptr;
    QTreeWidget* m_contents = nullptr;
    QTableWidget* m_memory = nullptr;
    QLabel* m_workload = nullptr;
};

} // namespace hb::ui

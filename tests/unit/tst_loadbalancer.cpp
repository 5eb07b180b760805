#include "client/loadbalancer.h"

#include <QHash>
#include <QTest>

using Candidates = QList<LoadBalancer::Candidate>;

class TestLoadBalancer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noCandidatesGivesMinusOne();
    void roundRobinCyclesEvenly();
    void leastOutstandingPrefersTheIdle();
    void leastOutstandingSharesTies();
    void weightedFollowsWeights_data();
    void weightedFollowsWeights();
    void weightedSpreadsPicks();
    void weightedSurvivesChangingSets();
    void retainForgetsDepartedInstances();
};

void TestLoadBalancer::noCandidatesGivesMinusOne()
{
    for (auto strategy :
        { BalancingStrategy::RoundRobin, BalancingStrategy::LeastOutstanding, BalancingStrategy::Weighted }) {
        LoadBalancer balancer(strategy);
        QCOMPARE(balancer.pick({}), -1);
    }
}

void TestLoadBalancer::roundRobinCyclesEvenly()
{
    LoadBalancer balancer(BalancingStrategy::RoundRobin);
    const Candidates three { { "a", 1, 0 }, { "b", 1, 0 }, { "c", 1, 0 } };
    QList<int> picks;
    for (int i = 0; i < 6; ++i)
        picks.append(balancer.pick(three));
    QCOMPARE(picks, (QList<int> { 0, 1, 2, 0, 1, 2 }));
}

void TestLoadBalancer::leastOutstandingPrefersTheIdle()
{
    LoadBalancer balancer(BalancingStrategy::LeastOutstanding);
    const Candidates busy { { "a", 1, 7 }, { "b", 1, 2 }, { "c", 1, 9 } };
    for (int i = 0; i < 10; ++i)
        QCOMPARE(balancer.pick(busy), 1);
}

void TestLoadBalancer::leastOutstandingSharesTies()
{
    LoadBalancer balancer(BalancingStrategy::LeastOutstanding);
    const Candidates tied { { "a", 1, 1 }, { "b", 1, 5 }, { "c", 1, 1 } };
    QHash<int, int> counts;
    for (int i = 0; i < 100; ++i)
        ++counts[balancer.pick(tied)];
    QCOMPARE(counts.value(1), 0);
    QCOMPARE(counts.value(0) + counts.value(2), 100);
    QVERIFY(counts.value(0) >= 30 && counts.value(2) >= 30);
}

void TestLoadBalancer::weightedFollowsWeights_data()
{
    QTest::addColumn<QList<int>>("weights");
    QTest::newRow("5-1-1") << QList<int> { 5, 1, 1 };
    QTest::newRow("1-1") << QList<int> { 1, 1 };
    QTest::newRow("3-0-2") << QList<int> { 3, 0, 2 };
    QTest::newRow("10-1") << QList<int> { 10, 1 };
}

void TestLoadBalancer::weightedFollowsWeights()
{
    QFETCH(QList<int>, weights);
    Candidates candidates;
    int total = 0;
    for (int i = 0; i < weights.size(); ++i) {
        candidates.append({ QString::number(i), weights[i], 0 });
        total += weights[i];
    }
    LoadBalancer balancer(BalancingStrategy::Weighted);
    QHash<int, int> counts;
    const int rounds = 7;
    for (int i = 0; i < total * rounds; ++i)
        ++counts[balancer.pick(candidates)];
    for (int i = 0; i < weights.size(); ++i)
        QCOMPARE(counts.value(i), weights[i] * rounds);
}

void TestLoadBalancer::weightedSpreadsPicks()
{
    // Smooth weighting: 5-1-1 gives a a b a c a a (never five a's in a row at the start).
    LoadBalancer balancer(BalancingStrategy::Weighted);
    const Candidates candidates { { "a", 5, 0 }, { "b", 1, 0 }, { "c", 1, 0 } };
    QList<int> picks;
    for (int i = 0; i < 7; ++i)
        picks.append(balancer.pick(candidates));
    QCOMPARE(picks, (QList<int> { 0, 0, 1, 0, 2, 0, 0 }));
}

void TestLoadBalancer::weightedSurvivesChangingSets()
{
    LoadBalancer balancer(BalancingStrategy::Weighted);
    const Candidates full { { "a", 2, 0 }, { "b", 1, 0 } };
    const Candidates onlyB { { "b", 1, 0 } };
    for (int i = 0; i < 5; ++i)
        balancer.pick(full);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(balancer.pick(onlyB), 0);
    QHash<int, int> counts;
    for (int i = 0; i < 30; ++i)
        ++counts[balancer.pick(full)];
    QVERIFY(qAbs(counts.value(0) - 20) <= 2);
}

void TestLoadBalancer::retainForgetsDepartedInstances()
{
    LoadBalancer balancer(BalancingStrategy::Weighted);
    const Candidates both { { "a", 1, 0 }, { "b", 3, 0 } };
    QCOMPARE(balancer.pick(both), 1); // b first: a is left with a credit of 1
    // a leaves discovery; b serves alone for a while.
    balancer.retain({ QStringLiteral("b") });
    for (int i = 0; i < 3; ++i)
        QCOMPARE(balancer.pick({ { "b", 3, 0 } }), 0);
    // a comes back with nothing owed, so b goes first again; with its old credit a would tie b and win.
    QCOMPARE(balancer.pick(both), 1);
}

QTEST_GUILESS_MAIN(TestLoadBalancer)
#include "tst_loadbalancer.moc"

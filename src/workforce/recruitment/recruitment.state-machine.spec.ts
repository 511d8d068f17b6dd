import { ApplicationStage as S, APPLICATION_STAGES, OPEN_STAGES, Pathway } from './recruitment-stage';
import { ApplicationContext, recruitmentMachine as machine } from './recruitment.state-machine';

const clear = (pathway: Pathway): ApplicationContext => ({
  pathway,
  corePassed: true,
  panelIncludedPeerWorker: true,
  dbsCleared: true,
  occupationalHealthCleared: true,
  postAvailable: true,
  reservePlaceAvailable: true,
});

/** Every move of the table: [from, to, pathways it is open to, the guard facts it needs]. */
const TABLE: ReadonlyArray<[S, S, Pathway[], (keyof ApplicationContext)[]]> = [
  [S.ExpressedInterest, S.AttendedInformationEvent, [Pathway.NewRecruit], []],
  [S.AttendedInformationEvent, S.InTraining, [Pathway.NewRecruit, Pathway.ExistingWorkforce], []],
  [S.Assigned, S.InTraining, [Pathway.NewRecruit, Pathway.ExistingWorkforce], []],
  [S.InTraining, S.TrainingAssessed, [Pathway.NewRecruit, Pathway.ExistingWorkforce], ['corePassed']],
  [S.TrainingAssessed, S.Applied, [Pathway.NewRecruit], []],
  [S.Applied, S.Interviewed, [Pathway.NewRecruit], ['corePassed']],
  [S.Interviewed, S.Interviewed, [Pathway.NewRecruit], []],
  [S.Interviewed, S.Offered, [Pathway.NewRecruit, Pathway.ExistingWorkforce], ['panelIncludedPeerWorker']],
  [S.Offered, S.PreEmploymentChecks, [Pathway.NewRecruit, Pathway.ExistingWorkforce], []],
  [S.TrainingAssessed, S.PreEmploymentChecks, [Pathway.ExistingWorkforce], []],
  [
    S.PreEmploymentChecks,
    S.Appointed,
    [Pathway.NewRecruit, Pathway.ExistingWorkforce],
    ['dbsCleared', 'occupationalHealthCleared', 'postAvailable'],
  ],
  [
    S.PreEmploymentChecks,
    S.AppointedToReserve,
    [Pathway.NewRecruit, Pathway.ExistingWorkforce],
    ['dbsCleared', 'occupationalHealthCleared', 'reservePlaceAvailable'],
  ],
  ...OPEN_STAGES.flatMap((from) => [
    [from, S.Withdrawn, [Pathway.NewRecruit, Pathway.ExistingWorkforce], []] as [
      S,
      S,
      Pathway[],
      (keyof ApplicationContext)[],
    ],
    [from, S.NotAppointed, [Pathway.NewRecruit, Pathway.ExistingWorkforce], []] as [
      S,
      S,
      Pathway[],
      (keyof ApplicationContext)[],
    ],
  ]),
];

const RULE_FOR: Record<string, string> = {
  corePassed: 'training_assessment_passed',
  panelIncludedPeerWorker: 'interview_panel_included_peer_worker',
  dbsCleared: 'dbs_cleared',
  occupationalHealthCleared: 'occupational_health_cleared',
  postAvailable: 'post_available',
  reservePlaceAvailable: 'reserve_place_available',
};

describe('recruitment application state machine', () => {
  it.each(TABLE.flatMap(([from, to, pathways]) => pathways.map((p) => [from, to, p] as const)))(
    'allows %s → %s on %s when its conditions hold',
    (from, to, pathway) => {
      expect(machine.check(from, to, clear(pathway))).toEqual({ allowed: true });
    },
  );

  const pairs = APPLICATION_STAGES.flatMap((from) => APPLICATION_STAGES.map((to) => [from, to] as [S, S]));
  it.each(pairs.filter(([f, t]) => !TABLE.some(([a, b]) => a === f && b === t)))(
    'refuses %s → %s as not in the table',
    (from, to) => {
      for (const pathway of [Pathway.NewRecruit, Pathway.ExistingWorkforce]) {
        expect(machine.check(from, to, clear(pathway))).toMatchObject({
          allowed: false,
          rule: 'transition_not_in_table',
        });
      }
    },
  );

  it.each(TABLE.filter(([, , pathways]) => pathways.length === 1).map(([f, t, [p]]) => [f, t, p] as const))(
    'refuses %s → %s on the other pathway than %s, naming the pathway',
    (from, to, pathway) => {
      const other = pathway === Pathway.NewRecruit ? Pathway.ExistingWorkforce : Pathway.NewRecruit;
      expect(machine.check(from, to, clear(other))).toMatchObject({
        allowed: false,
        rule: pathway === Pathway.NewRecruit ? 'pathway_new_recruit' : 'pathway_existing_workforce',
      });
    },
  );

  it.each(TABLE.flatMap(([from, to, pathways, facts]) => facts.map((fact) => [from, to, fact, pathways[0]] as const)))(
    'refuses %s → %s when %s does not hold, naming the rule',
    (from, to, fact, pathway) => {
      expect(machine.check(from, to, { ...clear(pathway), [fact]: false })).toMatchObject({
        allowed: false,
        rule: RULE_FOR[fact],
      });
    },
  );

  it('refuses to interview before a passed training assessment', () => {
    expect(() => machine.assert(S.Applied, S.Interviewed, { ...clear(Pathway.NewRecruit), corePassed: false })).toThrow(
      'Every core training module must be assessed and passed first',
    );
  });
});

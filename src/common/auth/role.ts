/** The roles a user (or machine client) can hold. A user may hold several. */
export enum Role {
  Admin = 'admin',
  Coordinator = 'coordinator',
  PeerWorker = 'peer_worker',
  WardStaff = 'ward_staff',
  Integration = 'integration',
}

export const ALL_ROLES = Object.values(Role);

export interface ContactStage {
  id: string;
  apiName: string;
  displayValue: string;
  color: string;
  position: number;
  isDefault: boolean;
}

/** The stages every new organization starts with; `new` is the default for contacts created without one. */
export const DEFAULT_STAGES: ReadonlyArray<Omit<ContactStage, 'id' | 'position'>> = [
  { apiName: 'new', displayValue: 'New', color: '#6B7280', isDefault: true },
  { apiName: 'working', displayValue: 'Working', color: '#3B82F6', isDefault: false },
  { apiName: 'qualified', displayValue: 'Qualified', color: '#10B981', isDefault: false },
  { apiName: 'unqualified', displayValue: 'Unqualified', color: '#F59E0B', isDefault: false },
  { apiName: 'customer', displayValue: 'Customer', color: '#8B5CF6', isDefault: false },
  { apiName: 'churned', displayValue: 'Churned', color: '#EF4444', isDefault: false },
];

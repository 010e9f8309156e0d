import type { Random } from './random.js';

const FIRST = [
  'Ada', 'Amara', 'Ana', 'Arjun', 'Ben', 'Carlos', 'Chen', 'Chloe', 'Dana', 'David', 'Elif', 'Emma', 'Fatima', 'Felix',
  'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jamal', 'Jin', 'Julia', 'Kai', 'Kenji', 'Lara', 'Leo', 'Lina', 'Lucas',
  'Maya', 'Mei', 'Mateo', 'Nadia', 'Noah', 'Olga', 'Omar', 'Priya', 'Quinn', 'Ravi', 'Rosa', 'Sam', 'Sara', 'Sofia',
  'Tariq', 'Tom', 'Uma', 'Vera', 'Wei', 'Yara', 'Yusuf', 'Zoe',
] as const;

const LAST = [
  'Abe', 'Adeyemi', 'Alvarez', 'Andersen', 'Baker', 'Bianchi', 'Chen', 'Costa', 'Dubois', 'Eriksson', 'Fischer',
  'Garcia', 'Gupta', 'Haddad', 'Hansen', 'Ito', 'Jansen', 'Kim', 'Kowalski', 'Kumar', 'Larsen', 'Lee', 'Lopez',
  'Martin', 'Meyer', 'Moreau', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Petrov', 'Quispe', 'Rossi',
  'Santos', 'Schmidt', 'Silva', 'Singh', 'Tanaka', 'Torres', 'Usman', 'Varga', 'Wagner', 'Wang', 'Weber', 'Yilmaz',
  'Zhang',
] as const;

export interface Person {
  first: string;
  last: string;
  /** "Ada Okafor" */
  name: string;
}

/** A made-up person's name, for any simulated directory (GitHub, Workspace, IAM). */
export function randomPerson(rng: Random): Person {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  return { first, last, name: `${first} ${last}` };
}

// bottleneck's light build (what the octokit plugins use) ships no types of its own; its API
// is the full build's.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}

